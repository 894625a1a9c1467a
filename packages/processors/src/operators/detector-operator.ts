import type { Disposition, Emitter, PartitionOperator, SourceRecord } from '@onegrid/stream';
import { OffsetFloor } from './offset-floor.ts';

/**
 * What a pure analytics model offers the runtime: events in, results out as its watermark
 * advances, and how far back in event time its open state reaches.
 */
export interface StreamModel<E, O> {
  onEvent(event: E, eventTime: number): 'accepted' | 'duplicate' | 'late' | 'refuted';
  /** The results the watermark completed. */
  advance(watermark: number): readonly O[];
  /**
   * As `advance`, but may stop part-way to yield the thread: undefined then, `resume` goes on,
   * and no event or watermark may be given the model until it is done. The operator uses it
   * when the model has it.
   */
  advanceSliced?(watermark: number): readonly O[] | undefined;
  /** Goes on with an advance left part-way: its results once done, undefined while work is left. */
  resume?(): readonly O[] | undefined;
  /** Its partition was revoked (PartitionOperator.revoke): nothing is read of it any more. */
  revoke?(): void;
  /** The oldest event time open state depends on; undefined when it depends on none. */
  oldestNeededTime(): number | undefined;
  /** A size for the open-windows gauge (keys or windows held). */
  size(): number;
}

/**
 * Runs a pure model as one partition's operator. Replayed events (processed before the last
 * commit) are applied like any other: they rebuild the state the crash lost, and the results
 * they lead to carry the same deterministic ids as before, so stores keep them once.
 */
export class DetectorOperator<E, O> implements PartitionOperator<E, O> {
  readonly #model: StreamModel<E, O>;
  readonly #floor = new OffsetFloor();
  /** The model's advance stopped part-way (`advanceSliced`): `resume` goes on. */
  #pending = false;

  constructor(model: StreamModel<E, O>) {
    this.#model = model;
  }

  onEvent(record: SourceRecord<E>, _watermark: number, _replayed: boolean): Disposition {
    const disposition = this.#model.onEvent(record.event, record.eventTime);
    // A refuted reading changed state too (a gauge_fault may rest on it): a replay must see it.
    if (disposition === 'accepted' || disposition === 'refuted')
      this.#floor.add(record.offset, record.eventTime);
    return disposition;
  }

  onWatermark(watermark: number, out: Emitter<O>): void {
    if (!Number.isFinite(watermark)) return;
    const model = this.#model;
    this.#emit(
      model.advanceSliced === undefined ? model.advance(watermark) : model.advanceSliced(watermark),
      out,
    );
  }

  pending(): boolean {
    return this.#pending;
  }

  resume(out: Emitter<O>): void {
    const model = this.#model;
    // undefined from the model's resume is work still left: not to be read as "no results".
    if (model.resume === undefined) {
      this.#pending = false;
      return;
    }
    let outputs: readonly O[] | undefined;
    try {
      outputs = model.resume();
    } catch (error) {
      // A slice that throws ends its close (the model starts afresh at its next advance): nothing
      // is left pending, and the runtime's failure handling sees the error.
      this.#pending = false;
      throw error;
    }
    this.#emit(outputs, out);
  }

  revoke(): void {
    this.#model.revoke?.();
  }

  /** Emits a finished advance's results; one not finished is left pending. */
  #emit(outputs: readonly O[] | undefined, out: Emitter<O>): void {
    this.#pending = outputs === undefined;
    for (const output of outputs ?? []) out.emit(output);
  }

  oldestNeededOffset(): number | undefined {
    return this.#floor.release(this.#model.oldestNeededTime());
  }

  openWindows(): number {
    return this.#model.size();
  }
}
