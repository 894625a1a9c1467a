import { districtCode, isoCst, ticketPriority, ticketSource, timestamp } from '@onegrid/contracts';
import { z } from 'zod';
import { countAtOrBefore } from './changes.ts';
import { MAIN_STAGES, type SummonFacts, type TicketFacts } from './facts.ts';
import { isoOrNull } from './time.ts';

/**
 * A row's version is `events × VERSION_STRIDE + phase`: `events` counts the distinct events
 * applied to the ticket, `phase` how many of the row's watermark-driven change points the
 * watermark has passed. A new event raises it by at least the stride minus the phases it can
 * undo, a watermark step by one per change, so it grows with every change and is the same
 * for the same events at the same watermark (replays land on the same version).
 */
export const VERSION_STRIDE = 256;

const time = timestamp.nullable();
const seconds = z.number().nullable();

/** One row of the `tickets` table (shared spec A); times are ISO-8601 with +08:00. */
export const ticketRowSchema = z.object({
  ticket_id: z.string(),
  district: districtCode,
  street: z.string(),
  category: z.string(),
  source: ticketSource,
  priority: ticketPriority,
  department: z.string().nullable(),
  status: z.enum(MAIN_STAGES),
  reported_at: timestamp,
  accepted_at: time,
  dispatched_at: time,
  first_resolved_at: time,
  resolved_at: time,
  feedback_at: time,
  rated_at: time,
  closed_at: time,
  cancelled_at: time,
  reopened: z.int().min(0).max(255),
  satisfaction: z.int().min(1).max(5).nullable(),
  limit_s: z.int().min(0),
  deadline: timestamp,
  on_time: z.boolean().nullable(),
  overdue: z.boolean(),
  accept_s: seconds,
  dispatch_s: seconds,
  resolve_s: seconds,
  feedback_s: seconds,
  rate_s: seconds,
  version: z.int().min(0),
});
export type TicketRow = z.output<typeof ticketRowSchema>;

/** One row of the `ticket_summons` table: a department summoned by a whistle (吹哨 → 报到). */
export const ticketSummonRowSchema = z.object({
  ticket_id: z.string(),
  department: z.string(),
  district: districtCode,
  whistle_at: timestamp,
  arrived_at: time,
  limit_s: z.int().min(0),
  arrive_s: seconds,
  on_time: z.boolean().nullable(),
  version: z.int().min(0),
});
export type TicketSummonRow = z.output<typeof ticketSummonRowSchema>;

const since = (from: number, at: number | undefined): number | null =>
  at === undefined ? null : (at - from) / 1000;

/** Resolved by the deadline; see README "on_time" for the cases. */
function ticketOnTime(f: TicketFacts, watermark: number): boolean | null {
  switch (f.outcome.kind) {
    case 'cancelled':
      return null;
    case 'resolved':
      return f.outcome.at <= f.deadline;
    case 'closed':
      return f.outcome.at > f.deadline ? false : null;
    default:
      return watermark >= f.deadline ? false : null;
  }
}

export function ticketRow(ticketId: string, f: TicketFacts, events: number, watermark: number): TicketRow {
  const r = f.report;
  const overdueChange = f.overdue.findLast((c) => c.t <= watermark);
  return {
    ticket_id: ticketId,
    district: r.district,
    street: r.street,
    category: r.category,
    source: r.source,
    priority: r.priority,
    department: f.department,
    status: f.status,
    reported_at: isoCst(f.reportedAt),
    accepted_at: isoOrNull(f.acceptedAt),
    dispatched_at: isoOrNull(f.dispatchedAt),
    first_resolved_at: isoOrNull(f.firstResolvedAt),
    resolved_at: isoOrNull(f.resolvedAt),
    feedback_at: isoOrNull(f.feedbackAt),
    rated_at: isoOrNull(f.ratedAt),
    closed_at: isoOrNull(f.closedAt),
    cancelled_at: isoOrNull(f.cancelledAt),
    reopened: Math.min(255, f.reopened),
    satisfaction: f.satisfaction,
    limit_s: f.limitS,
    deadline: isoCst(f.deadline),
    on_time: ticketOnTime(f, watermark),
    overdue: overdueChange?.on ?? false,
    accept_s: since(f.reportedAt, f.acceptedAt),
    dispatch_s: since(f.reportedAt, f.dispatchedAt),
    resolve_s: since(f.reportedAt, f.resolvedAt),
    feedback_s: since(f.reportedAt, f.feedbackAt),
    rate_s: since(f.reportedAt, f.ratedAt),
    version: events * VERSION_STRIDE + Math.min(VERSION_STRIDE - 1, countAtOrBefore(f.rowChanges, watermark)),
  };
}

export function summonRow(
  ticketId: string,
  district: string,
  s: SummonFacts,
  events: number,
  watermark: number,
): TicketSummonRow {
  return {
    ticket_id: ticketId,
    department: s.department,
    district,
    whistle_at: isoCst(s.whistleAt),
    arrived_at: isoOrNull(s.arrivedAt),
    limit_s: s.limitS,
    arrive_s: since(s.whistleAt, s.arrivedAt),
    on_time: s.arrivedAt !== undefined ? s.arrivedAt <= s.deadline : watermark >= s.deadline ? false : null,
    version: events * VERSION_STRIDE + countAtOrBefore(s.rowChanges, watermark),
  };
}
