/** One input event as the runtime hands it to an operator. */
export interface SourceRecord<E> {
  readonly event: E;
  readonly eventTime: number;
  readonly partition: number;
  readonly offset: number;
}

/** Where an operator's results go; the runtime routes them to the processor's sinks. */
export interface Emitter<O> {
  emit(output: O): void;
}

/**
 * What happened to an event:
 * - `accepted`: it changed state;
 * - `duplicate`: an event with the same id was already counted (feeds repeat messages);
 * - `late`: every window it belongs to had closed: the runtime sends it to the late side output;
 * - `replayed`: it was processed before the last commit and its windows have since closed,
 *   so it has already been counted once and is skipped;
 * - `refuted`: read, and found to be a sensor fault (a level no water makes): kept out of every
 *   result, stored flagged by the operator's own output, counted here.
 */
export type Disposition = 'accepted' | 'duplicate' | 'late' | 'replayed' | 'refuted';

/**
 * Keyed, event-time state for the keys of ONE partition. The runtime creates one per
 * assigned partition and drops it when the partition is revoked, so an operator never sees
 * another partition's keys.
 *
 * Contract with the runtime's commit: `oldestNeededOffset()` is the smallest input offset
 * whose event still contributes to open state. The runtime commits no further than that,
 * so after a crash the events that rebuild every open window are replayed; `replayed` is
 * true for offsets the previous owner had already processed.
 */
export interface PartitionOperator<E, O> {
  onEvent(record: SourceRecord<E>, watermark: number, replayed: boolean): Disposition;
  /**
   * Emits what the watermark completed or updated and drops what it made final. May stop
   * part-way to yield the thread (work too long to hold it, past the group's session timeout),
   * `pending()` then true: see `resume`.
   */
  onWatermark(watermark: number, out: Emitter<O>): void;
  /** Whether `onWatermark` (or `resume`) stopped part-way; absent: never. */
  pending?(): boolean;
  /**
   * Goes on with the work `onWatermark` left. The runtime calls it while `pending()`, yielding
   * the thread between calls, and meanwhile gives the operator no event nor watermark and takes
   * no commit point of its partition (`oldestNeededOffset` may be mid-way).
   */
  resume?(out: Emitter<O>): void;
  /**
   * Its partition was revoked: the runtime gives it nothing more and drops it, its work left
   * pending included (the next owner redoes it from the commit). What it handed out to be read
   * later (a snapshot taken at the next flush) must no longer read it: its state is not this
   * process's to write any more, and mid-way it holds work whose outputs were never emitted.
   */
  revoke?(): void;
  oldestNeededOffset(): number | undefined;
  openWindows(): number;
}
