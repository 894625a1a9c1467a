/**
 * The demo's one progress line: where the replayed scenario is, how fast it goes, how far the
 * processors are behind and how many alerts are open. Pure: the CLI beside it gathers the
 * figures (the simulator's log, the app's /health and alerts state) and prints the line.
 */

export interface ReplayWindow {
  readonly start: number;
  readonly end: number;
}

export interface ReplayProgress {
  /** The scenario time the simulator has reached (epoch ms). */
  readonly scenarioAt: number;
  /** Records per second the simulator reports. */
  readonly rate: number;
}

/** `scenario seed 42: 2000 households, 2026-09-13T00:00:00+08:00 → 2026-09-15T00:00:00+08:00, …` */
export function parseWindow(text: string): ReplayWindow | undefined {
  const m = /households, (\S+) → (\S+),/.exec(text);
  if (m === null) return undefined;
  const start = Date.parse(m[1] ?? '');
  const end = Date.parse(m[2] ?? '');
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? { start, end } : undefined;
}

/** The last `[12.3s] events: 1000 records, scenario at <ISO>, 2013 rec/s` line of the simulator's output. */
export function parseProgress(text: string): ReplayProgress | undefined {
  const all = [...text.matchAll(/scenario at (\S+), (\d+) rec\/s/g)];
  const last = all.at(-1);
  if (last === undefined) return undefined;
  const scenarioAt = Date.parse(last[1] ?? '');
  return Number.isFinite(scenarioAt) ? { scenarioAt, rate: Number(last[2]) } : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `09-14 02:10` in Beijing time. */
function beijing(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** One line, each figure or `—` when its source has not answered yet. */
export function progressLine(figures: {
  window?: ReplayWindow | undefined;
  replay?: ReplayProgress | undefined;
  lag?: number | undefined;
  openAlerts?: number | undefined;
  done?: boolean;
}): string {
  const { window, replay } = figures;
  const share =
    window === undefined || replay === undefined
      ? '—'
      : `${Math.min(100, Math.max(0, (100 * (replay.scenarioAt - window.start)) / (window.end - window.start))).toFixed(0)}%`;
  return [
    `[demo] scenario ${replay === undefined ? '—' : beijing(replay.scenarioAt)}`,
    `replayed ${figures.done === true ? '100%' : share}`,
    `${replay === undefined || figures.done === true ? '—' : replay.rate.toLocaleString('en-US')} msg/s`,
    `processor lag ${figures.lag === undefined ? '—' : figures.lag.toLocaleString('en-US')}`,
    `open alerts ${figures.openAlerts === undefined ? '—' : figures.openAlerts.toLocaleString('en-US')}`,
  ].join(' · ');
}
