import { type TicketConfigInput, type TicketOutput, TicketTracker } from '@onegrid/analytics/tickets';
import type { TicketEvent } from '@onegrid/contracts';
import type { Disposition, Emitter, PartitionOperator, SourceRecord } from '@onegrid/stream';

/**
 * One partition's tickets. The tracker counts positions itself (a ticket's oldest offset), so
 * the commit never passes an event an open ticket still needs.
 */
export class TicketOperator implements PartitionOperator<TicketEvent, TicketOutput> {
  readonly #tracker: TicketTracker;

  constructor(config: TicketConfigInput) {
    this.#tracker = new TicketTracker(config);
  }

  onEvent(record: SourceRecord<TicketEvent>): Disposition {
    const disposition = this.#tracker.apply(record.event, record.offset);
    // Unknown districts were dead-lettered by the processor's check before reaching here.
    return disposition === 'unknown_id' ? 'late' : disposition;
  }

  onWatermark(watermark: number, out: Emitter<TicketOutput>): void {
    if (Number.isFinite(watermark)) this.#tracker.advance(watermark, out);
  }

  oldestNeededOffset(): number | undefined {
    return this.#tracker.oldestNeededPosition();
  }

  openWindows(): number {
    return this.#tracker.stats().tickets;
  }
}
