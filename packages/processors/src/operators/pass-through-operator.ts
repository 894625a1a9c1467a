import type { Disposition, Emitter, PartitionOperator, SourceRecord } from '@onegrid/stream';

/**
 * Hands every event on as it comes, with its partition and offset, for processors that store or re-key messages rather than
 * aggregate them. Nothing is held between batches, so nothing constrains the commit; stores
 * and re-keyed topics collapse repeats on the message's own id.
 */
export class PassThroughOperator<E> implements PartitionOperator<E, SourceRecord<E>> {
  readonly #pending: SourceRecord<E>[] = [];

  onEvent(record: SourceRecord<E>): Disposition {
    this.#pending.push(record);
    return 'accepted';
  }

  onWatermark(_watermark: number, out: Emitter<SourceRecord<E>>): void {
    for (const event of this.#pending) out.emit(event);
    this.#pending.length = 0;
  }

  oldestNeededOffset(): number | undefined {
    return undefined;
  }

  openWindows(): number {
    return 0;
  }
}
