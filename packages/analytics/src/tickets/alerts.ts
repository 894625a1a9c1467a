import type { Alert } from '@onegrid/contracts';
import type { SummonFacts, TicketFacts } from './facts.ts';
import { isoCst } from './time.ts';

/** Why an overdue condition ended; recorded in the resolved alert's evidence. */
export type EndReason = 'resolved' | 'closed' | 'cancelled' | 'arrived' | 'revised' | 'dropped';

/**
 * Deterministic id: one condition is one alert, so the id names the subject and the event time
 * the condition began (a reopened ticket that goes overdue again is a new condition).
 */
export const overdueAlertId = (subject: string, since: number): string =>
  `ticket_overdue:${subject}:${since}`;

const severityOf = (f: TicketFacts): Alert['severity'] =>
  f.report.priority === 'emergency' ? 'critical' : 'warning';

function baseEvidence(ticketId: string, f: TicketFacts): Record<string, unknown> {
  return {
    ticket_id: ticketId,
    category: f.report.category,
    priority: f.report.priority,
    street: f.report.street,
    department: f.department,
    reported_at: isoCst(f.reportedAt),
  };
}

export function ticketOverdueAlert(
  ticketId: string,
  f: TicketFacts,
  since: number,
  watermark: number,
): Alert {
  return {
    alert_id: overdueAlertId(ticketId, since),
    type: 'ticket_overdue',
    severity: severityOf(f),
    status: 'open',
    subject: ticketId,
    district: f.report.district,
    since: isoCst(since),
    detected_at: isoCst(watermark),
    evidence: {
      ...baseEvidence(ticketId, f),
      stage: 'resolution',
      limit_s: f.limitS,
      deadline: isoCst(f.deadline),
      status: f.status,
    },
  };
}

export function summonOverdueAlert(
  ticketId: string,
  f: TicketFacts,
  s: SummonFacts,
  since: number,
  watermark: number,
): Alert {
  const subject = `${ticketId}/${s.department}`;
  return {
    alert_id: overdueAlertId(subject, since),
    type: 'ticket_overdue',
    severity: severityOf(f),
    status: 'open',
    subject,
    district: f.report.district,
    since: isoCst(since),
    detected_at: isoCst(watermark),
    evidence: {
      ...baseEvidence(ticketId, f),
      stage: 'summons',
      summoned: s.department,
      whistle_at: isoCst(s.whistleAt),
      limit_s: s.limitS,
      deadline: isoCst(s.deadline),
    },
  };
}

/**
 * The `resolved` message of an open alert: same id, subject and `since`; `detected_at` is the
 * watermark when the end was seen, and the evidence says why and when (by event time) it ended.
 */
export function resolvedAlert(
  open: Alert,
  watermark: number,
  reason: EndReason,
  endedAt: number | null,
): Alert {
  return {
    ...open,
    status: 'resolved',
    detected_at: isoCst(watermark),
    evidence: { ...open.evidence, ended_by: reason, ended_at: endedAt === null ? null : isoCst(endedAt) },
  };
}
