import type { FeedStats } from '../feed/client.ts';
import type { ChannelState } from '../feed/store.ts';
import { formatAge, formatMdHm } from './format.ts';

/** A channel not confirmed by the server for this long is shown stale even on a live socket. */
export const CHANNEL_STALE_MS = 15_000;

export type Freshness = 'fresh' | 'stale' | 'waiting';

export function channelFreshness(state: ChannelState | undefined, feed: FeedStats, now: number): Freshness {
  if (state === undefined || state.confirmedAt === null) return feed.status === 'live' ? 'waiting' : 'stale';
  if (feed.status !== 'live' || now - state.confirmedAt > CHANNEL_STALE_MS) return 'stale';
  return 'fresh';
}

/** The panel's "数据更新于" line: the data's own time, and how long ago the server confirmed it. */
export function freshnessText(state: ChannelState | undefined, freshness: Freshness, now: number): string {
  if (state === undefined || state.confirmedAt === null)
    return freshness === 'waiting' ? '等待数据…' : '无数据';
  const age = formatAge(now - state.confirmedAt);
  if (freshness === 'stale') return `已过期 · ${age}确认`;
  return state.asOf === null ? `${age}确认` : `数据更新于 ${formatMdHm(state.asOf)} · ${age}确认`;
}

/** Marks a panel element and writes its freshness line (touching the DOM only on change). */
export function showFreshness(
  panel: HTMLElement,
  line: HTMLElement,
  state: ChannelState | undefined,
  feed: FeedStats,
  now: number,
): void {
  const freshness = channelFreshness(state, feed, now);
  if (panel.dataset.freshness !== freshness) panel.dataset.freshness = freshness;
  const text = freshnessText(state, freshness, now);
  if (line.textContent !== text) line.textContent = text;
}
