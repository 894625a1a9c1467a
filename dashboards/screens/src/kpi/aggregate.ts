import type { KpiGroup, KpiRow } from './api.ts';

/** One line of a KPI table or one point of a trend. */
export interface KpiSummary {
  readonly key: string;
  readonly reported: number;
  readonly resolved: number;
  readonly overdue: number;
  /** resolved / reported. */
  readonly resolution_rate: number | null;
  readonly on_time_rate: number | null;
  readonly satisfaction_rate: number | null;
  /** Exact only when one bucket backs the summary (percentiles do not add up). */
  readonly p50_response_s: number | null;
  readonly p90_response_s: number | null;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Adds rows up. Counts add exactly. A rate is exact when the rows carry its numerator and
 * denominator (on_time/late, satisfied/rated); otherwise it is the rate weighted by resolved
 * tickets (the ones a rate is about), which is what the wall shows until the server sends them.
 * Percentiles are kept only for a single row.
 */
export function summarise(key: string, rows: readonly KpiRow[]): KpiSummary {
  let reported = 0;
  let resolved = 0;
  let overdue = 0;
  const onTime = { part: 0, whole: 0 };
  const satisfied = { part: 0, whole: 0 };
  for (const r of rows) {
    reported += r.reported;
    resolved += r.resolved;
    overdue += r.overdue;
    if (r.on_time !== undefined && r.late !== undefined) {
      onTime.part += r.on_time;
      onTime.whole += r.on_time + r.late;
    } else if (r.on_time_rate !== null) {
      onTime.part += r.on_time_rate * r.resolved;
      onTime.whole += r.resolved;
    }
    if (r.satisfied !== undefined && r.rated !== undefined) {
      satisfied.part += r.satisfied;
      satisfied.whole += r.rated;
    } else if (r.satisfaction_rate !== null) {
      satisfied.part += r.satisfaction_rate * r.resolved;
      satisfied.whole += r.resolved;
    }
  }
  const single = rows.length === 1 ? rows[0] : undefined;
  return {
    key,
    reported,
    resolved,
    overdue,
    resolution_rate: ratio(resolved, reported),
    on_time_rate: ratio(onTime.part, onTime.whole),
    satisfaction_rate: ratio(satisfied.part, satisfied.whole),
    p50_response_s: single?.p50_response_s ?? null,
    p90_response_s: single?.p90_response_s ?? null,
  };
}

/** One summary per group key (district, department…), summing over buckets. */
export function byGroup(rows: readonly KpiRow[], group: KpiGroup): KpiSummary[] {
  const groups = new Map<string, KpiRow[]>();
  for (const r of rows) {
    const key = r[group] ?? '';
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  return [...groups].map(([key, list]) => summarise(key, list));
}

/** One summary per bucket, over all groups: the city's trend. Sorted by time. */
export function byBucket(rows: readonly KpiRow[]): KpiSummary[] {
  const buckets = new Map<string, KpiRow[]>();
  for (const r of rows) {
    const list = buckets.get(r.bucket);
    if (list === undefined) buckets.set(r.bucket, [r]);
    else list.push(r);
  }
  return [...buckets]
    .map(([key, list]) => summarise(key, list))
    .sort((a, b) => Date.parse(a.key) - Date.parse(b.key));
}

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

/** Midnight (Beijing) of the day holding `t`. */
export function startOfDayCst(t: number): number {
  return Math.floor((t + SHANGHAI) / DAY) * DAY - SHANGHAI;
}

/** Monday 00:00 (Beijing) of the week holding `t`: ClickHouse's toMonday buckets. */
export function startOfWeekCst(t: number): number {
  const day = startOfDayCst(t);
  const weekday = (new Date(day + SHANGHAI).getUTCDay() + 6) % 7; // Monday 0
  return day - weekday * DAY;
}
