import { toEpochMs } from '@onegrid/contracts';
import { isOpen, isResolved, ticketKpis } from './kpis.ts';
import type { TicketRow } from './rows.ts';

/** A value of the live feed's `tickets` channel (shared spec B). */
export interface TicketFeedValue {
  reported: number;
  open: number;
  resolved: number;
  overdue: number;
  /** Response = 上报→受理 (accept_s), R-7 percentiles over the window's tickets. */
  p50_response_s: number | null;
  p90_response_s: number | null;
  on_time_rate: number | null;
  satisfaction_rate: number | null;
  window: '24h';
}

export const FEED_WINDOW_MS = 24 * 3_600_000;

function value(rows: readonly TicketRow[]): TicketFeedValue {
  const k = ticketKpis(rows);
  return {
    reported: k.reported,
    open: rows.filter(isOpen).length,
    resolved: rows.filter(isResolved).length,
    overdue: k.overdue,
    p50_response_s: k.durations.accept_s.p50,
    p90_response_s: k.durations.accept_s.p90,
    on_time_rate: k.onTimeRate,
    satisfaction_rate: k.satisfactionRate,
    window: '24h',
  };
}

/**
 * The `tickets` channel: key `all` and each district code, over the tickets reported in the
 * 24 hours up to `asOf` (epoch ms): asOf − 24 h < reported_at ≤ asOf. Every figure counts
 * those tickets only (an older ticket still overdue is not in it).
 */
export function ticketFeed(rows: readonly TicketRow[], asOf: number): Record<string, TicketFeedValue> {
  const inWindow = rows.filter((r) => {
    const t = toEpochMs(r.reported_at);
    return t > asOf - FEED_WINDOW_MS && t <= asOf;
  });
  const byDistrict = new Map<string, TicketRow[]>();
  for (const r of inWindow) {
    const list = byDistrict.get(r.district);
    if (list === undefined) byDistrict.set(r.district, [r]);
    else list.push(r);
  }
  const feed: Record<string, TicketFeedValue> = { all: value(inWindow) };
  for (const [district, list] of byDistrict) feed[district] = value(list);
  return feed;
}
