import { connectFeed, tokenFromLocation } from '../feed/browser.ts';
import type { TicketStats } from '../feed/channels.ts';
import { ChannelStore } from '../feed/store.ts';
import { fitDesignCanvas } from '../shared/design-canvas.ts';
import { formatClock, formatCount, formatDuration, formatMonthDay, formatRate } from '../shared/format.ts';
import { showFreshness } from '../shared/freshness.ts';
import { departmentName, districtName } from '../shared/labels.ts';
import { startRenderLoop } from '../shared/render-loop.ts';
import { createStatusBar } from '../shared/status-bar.ts';
import { VersionGate } from '../shared/version-gate.ts';
import { byBucket, byGroup, startOfDayCst, startOfWeekCst } from './aggregate.ts';
import { fetchKpis, type KpiBucket, type KpiGroup, KpiRequestError, kpiUrl } from './api.ts';
import { createKpiTable } from './kpi-table.ts';
import { createTrendChart } from './trend-chart.ts';

const REFRESH_MS = 60_000;
const DAY = 86_400_000;

function must<T extends Element>(selector: string): T {
  const el = document.querySelector<T>(selector);
  if (el === null) throw new Error(`KPI wall: ${selector} missing from kpi.html`);
  return el;
}

const canvas = must<HTMLElement>('#canvas');
fitDesignCanvas(canvas);
const token = tokenFromLocation(window.location);
const store = new ChannelStore();
const feed = connectFeed(store, ['tickets'], token);
const status = createStatusBar(canvas, store, feed.stats);

// Live tiles: today's numbers from the `tickets` channel.
const TILES = [
  { label: '上报', value: (t: TicketStats) => formatCount(t.reported), tone: () => '' },
  { label: '在办', value: (t: TicketStats) => formatCount(t.open), tone: () => '' },
  { label: '办结', value: (t: TicketStats) => formatCount(t.resolved), tone: () => '' },
  {
    label: '超时',
    value: (t: TicketStats) => formatCount(t.overdue),
    tone: (t: TicketStats) => (t.overdue > 0 ? 'warn' : ''),
  },
  { label: '响应时间 P50', value: (t: TicketStats) => formatDuration(t.p50_response_s), tone: () => '' },
  { label: '响应时间 P90', value: (t: TicketStats) => formatDuration(t.p90_response_s), tone: () => '' },
  {
    label: '按时办结率',
    value: (t: TicketStats) => formatRate(t.on_time_rate),
    tone: (t: TicketStats) => (t.on_time_rate !== null && t.on_time_rate < 0.8 ? 'bad' : ''),
  },
  {
    label: '满意率',
    value: (t: TicketStats) => formatRate(t.satisfaction_rate),
    tone: (t: TicketStats) => (t.satisfaction_rate !== null && t.satisfaction_rate < 0.8 ? 'bad' : ''),
  },
];
const tilesHost = must<HTMLElement>('.k-tiles');
const tiles = TILES.map((t) => {
  const el = document.createElement('div');
  el.className = 'k-tile';
  el.innerHTML = '<div class="k-label"></div><div class="k-value">—</div>';
  (el.firstChild as HTMLElement).textContent = t.label;
  tilesHost.append(el);
  return { spec: t, el, value: el.lastChild as HTMLElement };
});
const gate = new VersionGate(store);
const liveSection = must<HTMLElement>('.k-live');
const liveAge = liveSection.querySelector<HTMLElement>('.panel-age') ?? liveSection;

const body = (cls: string): HTMLElement => must<HTMLElement>(`.${cls} .panel-body`);
const districtTable = createKpiTable(body('k-district'), '区', (k) => districtName[k] ?? k);
const departmentTable = createKpiTable(body('k-department'), '部门', departmentName);
const dayTrend = createTrendChart(body('k-days'), (iso) => formatMonthDay(new Date(iso)));
const weekTrend = createTrendChart(body('k-weeks'), (iso) => `${formatMonthDay(new Date(iso))}周`);
const ages = [...document.querySelectorAll<HTMLElement>('.kpi-age')];
const period = must<HTMLElement>('.kpi-period');

/**
 * The KPI period ends at the newest ticket data the server holds (the feed's `as_of`), so a
 * replayed scenario shows its own week; a live city's `as_of` is now.
 */
function anchor(): number {
  const asOf = store.get('tickets')?.asOf;
  const t = asOf === null || asOf === undefined ? Number.NaN : Date.parse(asOf);
  return Number.isFinite(t) ? t : Date.now();
}

let inFlight: AbortController | null = null;
let loadedOnce = false;
let lastLoaded = '';
async function refresh(): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const at = anchor();
  const to = at + 60_000;
  const week = startOfWeekCst(at);
  const get = (group: KpiGroup, bucket: KpiBucket, from: number) =>
    fetchKpis(kpiUrl({ from, to, group, bucket }), token, controller.signal);
  try {
    const [districts, departments, days, weeks] = await Promise.all([
      get('district', 'week', week),
      get('department', 'week', week),
      get('district', 'day', startOfDayCst(at) - 13 * DAY),
      get('district', 'week', week - 7 * 7 * DAY),
    ]);
    districtTable(byGroup(districts.rows, 'district'));
    departmentTable(byGroup(departments.rows, 'department'));
    dayTrend(byBucket(days.rows));
    weekTrend(byBucket(weeks.rows));
    loadedOnce = true;
    period.textContent = `本周 ${formatMonthDay(week)} 起 · 截至 ${formatMonthDay(at)} ${formatClock(at).slice(0, 5)}`;
    lastLoaded = formatClock(Date.now());
    for (const a of ages) {
      delete a.dataset.error;
      a.title = '';
      a.textContent = `指标更新于 ${lastLoaded}`;
    }
  } catch (e) {
    if (controller.signal.aborted) return;
    // Keep the last good figures on the wall, and say plainly that they are not current.
    const status = e instanceof KpiRequestError ? `（${e.status}）` : '';
    for (const a of ages) {
      a.dataset.error = '';
      a.title = (e as Error).message;
      a.textContent = loadedOnce
        ? `指标获取失败${status}，显示 ${lastLoaded} 的结果`
        : `工单指标暂不可用${status}，每分钟重试`;
    }
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

void refresh();
window.setInterval(() => void refresh(), REFRESH_MS);

let firstAsOf: string | null | undefined;
startRenderLoop(
  () => {
    if (!gate.changed('tickets')) return;
    const all = store.value<TicketStats>('tickets', 'all');
    for (const t of tiles) {
      const text = all === undefined ? '—' : t.spec.value(all);
      if (t.value.textContent !== text) t.value.textContent = text;
      t.el.dataset.tone = all === undefined ? '' : t.spec.tone(all);
    }
    // The first as_of moves the period off the wall clock: fetch again at once.
    const asOf = store.get('tickets')?.asOf;
    if (firstAsOf === undefined && asOf !== null && asOf !== undefined) {
      firstAsOf = asOf;
      void refresh();
    }
  },
  (now) => {
    status(now);
    showFreshness(liveSection, liveAge, store.get('tickets'), feed.stats, now);
  },
);

Object.assign(window, { onegridScreen: { store, feed: feed.stats } });
