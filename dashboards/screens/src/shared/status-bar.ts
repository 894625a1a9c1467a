import { select } from 'd3-selection';
import type { StormTrack } from '../feed/channels.ts';
import type { FeedStats } from '../feed/client.ts';
import type { ChannelStore } from '../feed/store.ts';
import { formatAge, formatClock, formatDate, formatHm } from '../shared/format.ts';
import { feedStatusLabel } from '../shared/labels.ts';
import { advisoryTitle, latestAdvisory } from './storm.ts';

/**
 * The clock, the feed's state, and the banner no one can miss when the feed is stale or
 * down: red, across the top, saying for how long and that it is reconnecting. The whole
 * screen is marked too (`data-feed` on the canvas) so every panel dims.
 */
export function createStatusBar(
  canvas: HTMLElement,
  store: ChannelStore,
  feed: FeedStats,
): (now: number) => void {
  const header = select(canvas).select<HTMLElement>('header.top');
  const clock = header.select('.clock-time');
  const date = header.select('.clock-date');
  const pill = header.select<HTMLElement>('.feed-pill');
  const storm = header.select('.storm-info');
  const banner = select(canvas).select<HTMLElement>('.stale-banner');
  const bannerText = banner.select('.stale-text');
  let shownDay = '';

  return (now) => {
    clock.text(formatClock(now));
    const day = formatDate(now);
    if (day !== shownDay) {
      shownDay = day;
      date.text(day);
    }
    const status = feed.status;
    if (canvas.dataset.feed !== status) canvas.dataset.feed = status;
    pill.text(`● ${feedStatusLabel[status]}`);
    if (status === 'live') {
      banner.attr('hidden', true);
    } else {
      banner.attr('hidden', null);
      const since = feed.downSince ?? now;
      const retry =
        feed.nextRetryAt !== null && feed.nextRetryAt > now
          ? ` · ${Math.ceil((feed.nextRetryAt - now) / 1000)}秒后重连`
          : ' · 正在重连…';
      const text =
        feed.stopped !== undefined
          ? feed.stopped
          : status === 'connecting'
            ? `正在连接数据服务 · 已等待 ${formatAge(now - since).replace('前', '')}${feed.connects === 0 ? retry : ''}`
            : status === 'stale'
              ? `数据过期 · 已 ${formatAge(now - since).replace('前', '')} 未收到数据 · 画面数据可能不是最新`
              : `连接中断 · 数据已过期 ${formatAge(now - since).replace('前', '')}${retry}`;
      bannerText.text(text);
      banner.attr('data-stopped', feed.stopped === undefined ? null : '');
    }
    storm.text(stormLine(store));
  };
}

/** The storm in the header: from the latest advisory, or the centre estimated from the stations (估计). */
function stormLine(store: ChannelStore): string {
  const advisory = latestAdvisory(store);
  if (advisory !== undefined) {
    return `${advisoryTitle(advisory)} · ${formatHm(advisory.ts)}`;
  }
  const eye = store.value<StormTrack>('storm', 'track')?.points.at(-1);
  return eye === undefined
    ? ''
    : `台风中心（估计） ${eye.lat.toFixed(1)}°N ${eye.lon.toFixed(1)}°E · ${Math.round(eye.pressure_hpa)}百帕 · ${formatHm(eye.ts)}`;
}
