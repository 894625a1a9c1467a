import type { Alert } from '@onegrid/contracts';
import {
  type EndReason,
  overdueAlertId,
  resolvedAlert,
  summonOverdueAlert,
  ticketOverdueAlert,
} from './alerts.ts';
import type { Change } from './changes.ts';
import { detectionPoint } from './detection.ts';
import type { SummonFacts, TicketFacts } from './facts.ts';
import type { TicketEmitter } from './outputs.ts';

/** An alert raised for a ticket, when it was detected (epoch ms), and whether its `resolved` has been sent. */
export interface RaisedAlert {
  readonly alert: Alert;
  readonly detectedAt: number;
  open: boolean;
}

/** A period during which a condition held: [since, end), end undefined while it holds. */
interface Interval {
  readonly since: number;
  readonly end: number | undefined;
}

/**
 * The periods of a condition detected by `w`: begun at or before the last detection grid point
 * ≤ `w` (see `detection.ts`), so that an alert is never raised before the watermark has reached
 * its `detected_at`.
 */
function periods(changes: readonly Change[], w: number): Interval[] {
  const out: Interval[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i] as Change;
    if (detectionPoint(c.t) > w) break;
    if (c.on) out.push({ since: c.t, end: changes[i + 1]?.t });
  }
  return out;
}

function ticketEnd(f: TicketFacts, end: number): EndReason {
  const by = f.finishedBy(end);
  return by === null || by.kind === 'reopened' ? 'revised' : by.kind;
}

const summonEnd = (f: TicketFacts, s: SummonFacts, end: number): EndReason =>
  s.arrivedAt === end ? 'arrived' : ticketEnd(f, end);

/**
 * Brings a ticket's alerts in line with its overdue periods as of watermark `w`: every period
 * detected by `w` (its start's detection point ≤ `w`) has been raised once, even one that began
 * and ended between two watermarks; every period whose end's detection point is ≤ `w` has been
 * resolved once; an open alert whose period late events have erased is resolved as `revised`.
 * A resolved alert is never raised again. Since `detected_at` is the detection point, not `w`,
 * the messages do not depend on how the input was batched (except `revised`: see `resolvedAlert`).
 */
export function syncAlerts(
  ticketId: string,
  f: TicketFacts,
  raised: Map<string, RaisedAlert>,
  w: number,
  out: TicketEmitter,
): void {
  const wanted = new Set<string>();
  const sync = (id: string, p: Interval, raise: () => Alert, reason: (end: number) => EndReason): void => {
    wanted.add(id);
    let r = raised.get(id);
    if (r === undefined) {
      r = { alert: raise(), detectedAt: detectionPoint(p.since), open: true };
      raised.set(id, r);
      out.emit({ kind: 'alert', alert: r.alert });
    }
    if (r.open && p.end !== undefined && detectionPoint(p.end) <= w) {
      r.open = false;
      out.emit({ kind: 'alert', alert: resolvedAlert(r.alert, r.detectedAt, w, reason(p.end), p.end) });
    }
  };
  for (const p of periods(f.overdue, w)) {
    sync(
      overdueAlertId(ticketId, p.since),
      p,
      () => ticketOverdueAlert(ticketId, f, p.since),
      (end) => ticketEnd(f, end),
    );
  }
  for (const s of f.summons) {
    for (const p of periods(s.overdue, w)) {
      sync(
        overdueAlertId(`${ticketId}/${s.department}`, p.since),
        p,
        () => summonOverdueAlert(ticketId, f, s, p.since),
        (end) => summonEnd(f, s, end),
      );
    }
  }
  for (const [id, r] of raised) {
    if (r.open && !wanted.has(id)) {
      r.open = false;
      out.emit({ kind: 'alert', alert: resolvedAlert(r.alert, r.detectedAt, w, 'revised', null) });
    }
  }
}

/** Resolves whatever is still open when a ticket's state is dropped. */
export function dropAlerts(raised: Map<string, RaisedAlert>, w: number, out: TicketEmitter): void {
  for (const r of raised.values()) {
    if (!r.open) continue;
    r.open = false;
    out.emit({ kind: 'alert', alert: resolvedAlert(r.alert, r.detectedAt, w, 'dropped', null) });
  }
}
