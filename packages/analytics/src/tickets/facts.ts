import { type Change, changePoints } from './changes.ts';
import { arrivalLimitS, resolutionLimitS, type TicketConfig } from './config.ts';
import type { TicketReport, TimelineEntry } from './timeline.ts';

/** The main lifecycle stages; whistle and arrival run beside them and are not a status. */
export const MAIN_STAGES = [
  'reported',
  'accepted',
  'dispatched',
  'resolved',
  'feedback',
  'rated',
  'reopened',
  'closed',
  'cancelled',
] as const;
export type MainStage = (typeof MAIN_STAGES)[number];

const isMain = (e: TimelineEntry['event']): e is MainStage => e !== 'whistle' && e !== 'arrived';

/**
 * How the ticket's current round ended, by the known events (a reopening starts a new round):
 * cancelled, resolved (at the round's last resolution), closed without a resolution, or open.
 */
export type Outcome =
  | { readonly kind: 'open' }
  | { readonly kind: 'resolved' | 'closed' | 'cancelled'; readonly at: number };

export interface SummonFacts {
  readonly department: string;
  readonly whistleAt: number;
  readonly arrivedAt: number | undefined;
  readonly limitS: number;
  readonly deadline: number;
  /** Past its arrival limit, not arrived and the ticket not finished, as of a watermark. */
  readonly overdue: readonly Change[];
  /** Watermark times at which the summons row changes without a new event. */
  readonly rowChanges: readonly number[];
}

/** Everything the rows and alerts of a reported ticket are made from. Times in epoch ms. */
export interface TicketFacts {
  readonly report: TicketReport;
  readonly reportedAt: number;
  readonly limitS: number;
  readonly deadline: number;
  readonly acceptedAt?: number;
  readonly dispatchedAt?: number;
  readonly firstResolvedAt?: number;
  readonly resolvedAt?: number;
  readonly feedbackAt?: number;
  readonly ratedAt?: number;
  readonly closedAt?: number;
  readonly cancelledAt?: number;
  readonly department: string | null;
  readonly status: MainStage;
  /**
   * Status and department as of event time `t`, by the events stamped at or before it: what an
   * alert detected at `t` reports, so that events known only because the input came in a larger
   * batch (a replay) do not change it.
   */
  readonly asOf: (t: number) => StatusAsOf;
  readonly reopened: number;
  readonly satisfaction: number | null;
  readonly outcome: Outcome;
  /** The event that finished the ticket (resolved, closed, cancelled; not since reopened) as of `w`. */
  readonly finishedBy: (w: number) => Toggle | null;
  /** Past its deadline and not finished, as of a watermark. */
  readonly overdue: readonly Change[];
  /** Watermark times at which the ticket row changes without a new event. */
  readonly rowChanges: readonly number[];
  readonly summons: readonly SummonFacts[];
  /** When it settled (closed, cancelled or rated is its status), or undefined. */
  readonly settledAt: number | undefined;
}

/** A ticket's status and department (see `TicketFacts`) as of some event time. */
export interface StatusAsOf {
  readonly status: MainStage;
  readonly department: string | null;
}

/** An event that finishes the ticket, or a reopening that undoes it. */
export interface Toggle {
  readonly t: number;
  readonly kind: 'resolved' | 'closed' | 'cancelled' | 'reopened';
}

const sortedUnique = (times: number[]): number[] => [...new Set(times)].sort((a, b) => a - b);

/** Facts of a ticket from its sorted, deduplicated timeline and its report (`entries` holds it). */
export function ticketFacts(
  entries: readonly TimelineEntry[],
  reportEntry: TimelineEntry & { report: TicketReport },
  config: TicketConfig,
): TicketFacts {
  const report = reportEntry.report;
  const reportedAt = reportEntry.t;
  const limitS = resolutionLimitS(config, report);
  const deadline = reportedAt + limitS * 1000;
  const first = new Map<TimelineEntry['event'], TimelineEntry>();
  const last = new Map<TimelineEntry['event'], TimelineEntry>();
  const toggles: Toggle[] = [];
  let status: MainStage = 'reported';
  let reopened = 0;
  let department: string | null = null;
  let dispatchedBy: string | null = null;
  // The current round: reset by a reopening.
  let roundResolved: number | undefined;
  let roundClosed: number | undefined;
  let roundCancelled: number | undefined;
  const whistles = new Map<string, number>();
  const arrivals = new Map<string, number>();
  // Status and department after each event, in timeline order, for `asOf`.
  const marks: { t: number; at: StatusAsOf }[] = [];
  for (const e of entries) {
    if (!first.has(e.event)) first.set(e.event, e);
    last.set(e.event, e);
    if (isMain(e.event)) status = e.event;
    switch (e.event) {
      case 'dispatched':
        dispatchedBy = e.department ?? dispatchedBy;
        break;
      case 'resolved':
        department = e.department ?? department;
        roundResolved = e.t;
        toggles.push({ t: e.t, kind: 'resolved' });
        break;
      case 'closed':
        roundClosed ??= e.t;
        toggles.push({ t: e.t, kind: 'closed' });
        break;
      case 'cancelled':
        roundCancelled ??= e.t;
        toggles.push({ t: e.t, kind: 'cancelled' });
        break;
      case 'reopened':
        reopened++;
        roundResolved = roundClosed = roundCancelled = undefined;
        toggles.push({ t: e.t, kind: 'reopened' });
        break;
      case 'whistle':
        for (const d of e.departments ?? []) if (!whistles.has(d)) whistles.set(d, e.t);
        break;
      case 'arrived':
        if (e.department !== undefined && !arrivals.has(e.department)) arrivals.set(e.department, e.t);
        break;
    }
    marks.push({ t: e.t, at: { status, department: dispatchedBy ?? department } });
  }
  const asOf = (t: number): StatusAsOf => {
    let at: StatusAsOf = { status: 'reported', department: null };
    for (const m of marks) {
      if (m.t > t) break;
      at = m.at;
    }
    return at;
  };
  const outcome: Outcome =
    roundCancelled !== undefined
      ? { kind: 'cancelled', at: roundCancelled }
      : roundResolved !== undefined
        ? { kind: 'resolved', at: roundResolved }
        : roundClosed !== undefined
          ? { kind: 'closed', at: roundClosed }
          : { kind: 'open' };
  const finishedBy = (w: number): Toggle | null => {
    let by: Toggle | null = null;
    for (const toggle of toggles) {
      if (toggle.t > w) break;
      if (toggle.kind === 'reopened') by = null;
      else by ??= toggle;
    }
    return by;
  };
  const finishedAt = (w: number): boolean => finishedBy(w) !== null;
  const toggleTimes = toggles.map((x) => x.t);
  const overdue = changePoints(deadline, toggleTimes, finishedAt);
  const summons = [...whistles].map(([dept, whistleAt]): SummonFacts => {
    const arrivedAt = arrivals.get(dept);
    const summonLimitS = arrivalLimitS(config, dept);
    const summonDeadline = whistleAt + summonLimitS * 1000;
    const candidates = arrivedAt === undefined ? toggleTimes : [...toggleTimes, arrivedAt];
    return {
      department: dept,
      whistleAt,
      arrivedAt,
      limitS: summonLimitS,
      deadline: summonDeadline,
      overdue: changePoints(
        summonDeadline,
        candidates,
        (w) => (arrivedAt !== undefined && arrivedAt <= w) || finishedAt(w),
      ),
      rowChanges: arrivedAt === undefined ? [summonDeadline] : [],
    };
  });
  const settled = status === 'closed' || status === 'cancelled' || status === 'rated';
  return {
    report,
    reportedAt,
    limitS,
    deadline,
    acceptedAt: first.get('accepted')?.t,
    dispatchedAt: first.get('dispatched')?.t,
    firstResolvedAt: first.get('resolved')?.t,
    resolvedAt: last.get('resolved')?.t,
    feedbackAt: last.get('feedback')?.t,
    ratedAt: last.get('rated')?.t,
    closedAt: last.get('closed')?.t,
    cancelledAt: last.get('cancelled')?.t,
    department: dispatchedBy ?? department,
    status,
    asOf,
    reopened,
    satisfaction: last.get('rated')?.satisfaction ?? null,
    outcome,
    finishedBy,
    overdue,
    rowChanges: sortedUnique([...overdue.map((c) => c.t), ...(outcome.kind === 'open' ? [deadline] : [])]),
    summons,
    settledAt: settled ? last.get(status)?.t : undefined,
  };
}
