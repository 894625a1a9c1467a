import { quantileSorted } from 'simple-statistics';
import type { TicketRow } from './rows.ts';

/** The durations of a ticket row, seconds from `reported_at`. */
export const DURATIONS = ['accept_s', 'dispatch_s', 'resolve_s', 'feedback_s', 'rate_s'] as const;
export type DurationField = (typeof DURATIONS)[number];

/** Percentiles reported for each duration. */
export const PERCENTILES = { p50: 0.5, p90: 0.9, p99: 0.99 } as const;

/** A rating at or above this is "satisfied" (满意: 满意 5 and 基本满意 4 on the 1-5 scale). */
export const SATISFIED_MIN = 4;

export interface DurationStats {
  /** Rows with a value (the stage happened). */
  readonly n: number;
  /** R-7 percentiles (ClickHouse `quantileExactInclusive`); null when n = 0. */
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

export interface TicketKpis {
  readonly reported: number;
  readonly cancelled: number;
  readonly open: number;
  readonly resolved: number;
  readonly overdue: number;
  readonly rated: number;
  readonly satisfied: number;
  /** Rows whose on_time is known (true or false), and those true. */
  readonly onTimeKnown: number;
  readonly onTime: number;
  /** 按时办结率: onTime / onTimeKnown. */
  readonly onTimeRate: number | null;
  /** 办结率 as the departments report it: resolved / (reported − cancelled). */
  readonly resolutionRate: number | null;
  /** Resolved and confirmed by a rating ≥ SATISFIED_MIN: / (reported − cancelled). */
  readonly confirmedResolutionRate: number | null;
  /** 满意率: satisfied / rated (the ticket's last rating). */
  readonly satisfactionRate: number | null;
  readonly meanSatisfaction: number | null;
  readonly durations: Readonly<Record<DurationField, DurationStats>>;
}

const OPEN = new Set<TicketRow['status']>(['reported', 'accepted', 'dispatched', 'reopened']);
const DONE = new Set<TicketRow['status']>(['resolved', 'feedback', 'rated', 'closed']);

/** Open: the last stage is reported, accepted, dispatched or reopened. */
export const isOpen = (r: TicketRow): boolean => OPEN.has(r.status);
/** Resolved as the department reports it: a later stage and a resolution time. */
export const isResolved = (r: TicketRow): boolean => DONE.has(r.status) && r.resolved_at !== null;

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** R-7 percentiles of the values (any order); nulls skipped. */
export function durationStats(values: readonly (number | null)[]): DurationStats {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0, p50: null, p90: null, p99: null };
  return {
    n: sorted.length,
    p50: quantileSorted(sorted, PERCENTILES.p50),
    p90: quantileSorted(sorted, PERCENTILES.p90),
    p99: quantileSorted(sorted, PERCENTILES.p99),
  };
}

/** The KPIs of a set of ticket rows (one group). See README "KPI semantics" for the SQL. */
export function ticketKpis(rows: readonly TicketRow[]): TicketKpis {
  let cancelled = 0;
  let open = 0;
  let resolved = 0;
  let confirmed = 0;
  let overdue = 0;
  let rated = 0;
  let satisfied = 0;
  let satisfactionSum = 0;
  let onTimeKnown = 0;
  let onTime = 0;
  for (const r of rows) {
    if (r.status === 'cancelled') cancelled++;
    if (isOpen(r)) open++;
    const done = isResolved(r);
    if (done) resolved++;
    if (r.overdue) overdue++;
    if (r.satisfaction !== null) {
      rated++;
      satisfactionSum += r.satisfaction;
      if (r.satisfaction >= SATISFIED_MIN) {
        satisfied++;
        if (done) confirmed++;
      }
    }
    if (r.on_time !== null) {
      onTimeKnown++;
      if (r.on_time) onTime++;
    }
  }
  const handled = rows.length - cancelled;
  const durations = Object.fromEntries(
    DURATIONS.map((field) => [field, durationStats(rows.map((r) => r[field]))]),
  ) as Record<DurationField, DurationStats>;
  return {
    reported: rows.length,
    cancelled,
    open,
    resolved,
    overdue,
    rated,
    satisfied,
    onTimeKnown,
    onTime,
    onTimeRate: ratio(onTime, onTimeKnown),
    resolutionRate: ratio(resolved, handled),
    confirmedResolutionRate: ratio(confirmed, handled),
    satisfactionRate: ratio(satisfied, rated),
    meanSatisfaction: ratio(satisfactionSum, rated),
    durations,
  };
}

export type TicketGroup = 'department' | 'district' | 'category';

/** KPIs per value of `group` (a ticket without a department is grouped under null), by key. */
export function ticketKpisBy(
  rows: readonly TicketRow[],
  group: TicketGroup,
): { key: string | null; kpis: TicketKpis }[] {
  const groups = new Map<string | null, TicketRow[]>();
  for (const r of rows) {
    const key = r[group];
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  return [...groups]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([key, list]) => ({ key, kpis: ticketKpis(list) }));
}
