import type { Alert } from '@onegrid/contracts';
import { alertId, isoCst } from '@onegrid/contracts';
import { detectionPoint } from './detection.ts';
import type { SummonFacts, TicketFacts } from './facts.ts';

/** Why an overdue condition ended; recorded in the resolved alert's evidence. */
export type EndReason = 'resolved' | 'closed' | 'cancelled' | 'arrived' | 'revised' | 'dropped';

/**
 * Deterministic id: one condition is one alert, so the id names the subject and the event time
 * the condition began (a reopened ticket that goes overdue again is a new condition). `since` is
 * written as epoch ms, as it always has been, so replays land on the stored ids.
 */
export const overdueAlertId = (subject: string, since: number): string =>
  alertId({ type: 'ticket_overdue', subject, since });

const severityOf = (f: TicketFacts): Alert['severity'] =>
  f.report.priority === 'emergency' ? 'critical' : 'warning';

/** The ticket as of `detectedAt`, so the evidence does not depend on how the input was batched. */
function baseEvidence(ticketId: string, f: TicketFacts, detectedAt: number): Record<string, unknown> {
  return {
    ticket_id: ticketId,
    category: f.report.category,
    priority: f.report.priority,
    street: f.report.street,
    department: f.asOf(detectedAt).department,
    reported_at: isoCst(f.reportedAt),
  };
}

/**
 * The open alert of a ticket overdue from `since` (its deadline, or a reopening after it).
 * `detected_at` is `since` rounded up to the detection grid (see `detection.ts`): the tracker
 * raises it once the watermark reaches that point, so a replay gives the same message.
 */
export function ticketOverdueAlert(ticketId: string, f: TicketFacts, since: number): Alert {
  const detectedAt = detectionPoint(since);
  return {
    alert_id: overdueAlertId(ticketId, since),
    type: 'ticket_overdue',
    severity: severityOf(f),
    status: 'open',
    subject: ticketId,
    district: f.report.district,
    since: isoCst(since),
    detected_at: isoCst(detectedAt),
    evidence: {
      ...baseEvidence(ticketId, f, detectedAt),
      stage: 'resolution',
      limit_s: f.limitS,
      deadline: isoCst(f.deadline),
      status: f.asOf(detectedAt).status,
    },
  };
}

/** The open alert of a summoned department overdue from `since`; `detected_at` as above. */
export function summonOverdueAlert(ticketId: string, f: TicketFacts, s: SummonFacts, since: number): Alert {
  const detectedAt = detectionPoint(since);
  const subject = `${ticketId}/${s.department}`;
  return {
    alert_id: overdueAlertId(subject, since),
    type: 'ticket_overdue',
    severity: severityOf(f),
    status: 'open',
    subject,
    district: f.report.district,
    since: isoCst(since),
    detected_at: isoCst(detectedAt),
    evidence: {
      ...baseEvidence(ticketId, f, detectedAt),
      stage: 'summons',
      summoned: s.department,
      whistle_at: isoCst(s.whistleAt),
      limit_s: s.limitS,
      deadline: isoCst(s.deadline),
    },
  };
}

/**
 * The `resolved` message of an open alert: same id, subject, `since` and evidence, plus why and
 * when (by event time) it ended. `detected_at`:
 * - with an end time: `endedAt` rounded up to the detection grid, and never before the open
 *   message's `detected_at` (`openDetectedAt`); the tracker sends it once the watermark is there;
 * - without one (`revised`, `dropped`): the `watermark` that saw the end. It cannot be made a
 *   function of the events: a revision is a late event erasing a period already raised, so
 *   whether and when it happens depends on when that event arrived relative to the watermark (a
 *   replay that reads it before the deadline raises nothing at all), and a drop happens at
 *   whatever watermark passes the retention.
 */
export function resolvedAlert(
  open: Alert,
  openDetectedAt: number,
  watermark: number,
  reason: EndReason,
  endedAt: number | null,
): Alert {
  const detectedAt = endedAt === null ? watermark : Math.max(detectionPoint(endedAt), openDetectedAt);
  return {
    ...open,
    status: 'resolved',
    detected_at: isoCst(detectedAt),
    evidence: { ...open.evidence, ended_by: reason, ended_at: endedAt === null ? null : isoCst(endedAt) },
  };
}
