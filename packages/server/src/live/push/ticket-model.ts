import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../../feed/channels.ts';
import { type KpiAggregates, kpiValues } from '../../queries/ticket-kpis.ts';

/** What the `tickets` channel needs of a `tickets` row (the ticket processor's output). */
export interface TicketFact {
  readonly ticket_id: string;
  readonly district: string;
  readonly reported: number;
  readonly resolved: boolean;
  readonly closed: boolean;
  readonly cancelled: boolean;
  readonly overdue: boolean;
  readonly on_time: boolean | null;
  readonly satisfaction: number | null;
  readonly resolve_s: number | null;
  readonly accept_s: number | null;
  readonly version: number;
}

const WINDOW_MS = 24 * 3_600_000;

/** ClickHouse's quantileExact: the element at floor(level × n) of the sorted values. */
function quantileExact(values: number[], level: number): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.floor(level * values.length))] ?? null;
}

function aggregates(rows: readonly TicketFact[]): KpiAggregates {
  const resolve = rows.flatMap((r) => (r.resolve_s === null ? [] : [r.resolve_s]));
  const accept = rows.flatMap((r) => (r.accept_s === null ? [] : [r.accept_s]));
  return {
    reported_n: rows.length,
    resolved_n: rows.filter((r) => r.resolved).length,
    open_n: rows.filter((r) => !r.resolved && !r.closed && !r.cancelled).length,
    overdue_n: rows.filter((r) => r.overdue).length,
    on_time_n: rows.filter((r) => r.on_time === true).length,
    late_n: rows.filter((r) => r.on_time === false).length,
    rated_n: rows.filter((r) => r.satisfaction !== null).length,
    satisfied_n: rows.filter((r) => r.satisfaction !== null && r.satisfaction >= 4).length,
    p50_response_s: quantileExact([...resolve], 0.5),
    p90_response_s: quantileExact([...resolve], 0.9),
    p50_accept_s: quantileExact(accept, 0.5),
  };
}

/**
 * The `tickets` channel kept from the ticket processor's rows as they arrive, with the
 * arithmetic of `pollTickets` (KPI_AGGREGATES over the 24 hours up to the newest report). Rows
 * are kept by ticket, the highest version winning, as in the store's ReplacingMergeTree.
 */
export class TicketModel {
  readonly #rows = new Map<string, TicketFact>();
  #newest = Number.NEGATIVE_INFINITY;

  row(r: TicketFact): void {
    const held = this.#rows.get(r.ticket_id);
    if (held !== undefined && held.version > r.version) return;
    this.#rows.set(r.ticket_id, r);
    if (r.reported > this.#newest) {
      this.#newest = r.reported;
      for (const [id, row] of this.#rows) if (row.reported <= this.#newest - WINDOW_MS) this.#rows.delete(id);
    }
  }

  view(): { data: Record<string, ChannelValue<'tickets'>>; asOf: string | undefined } {
    const inWindow = [...this.#rows.values()].filter(
      (r) => r.district !== '' && r.reported > this.#newest - WINDOW_MS,
    );
    const byDistrict = new Map<string, TicketFact[]>();
    for (const r of inWindow) byDistrict.set(r.district, [...(byDistrict.get(r.district) ?? []), r]);
    const data: Record<string, ChannelValue<'tickets'>> = {
      all: { ...kpiValues(aggregates(inWindow)), window: '24h' },
    };
    for (const [district, rows] of byDistrict)
      data[district] = { ...kpiValues(aggregates(rows)), window: '24h' };
    return { data, asOf: Number.isFinite(this.#newest) ? isoCstMillis(this.#newest) : undefined };
  }
}
