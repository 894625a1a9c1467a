/**
 * Which input offset a partition's open state still needs, from the event times the state
 * needs, without keeping one entry per event: events are grouped in blocks of consecutive
 * offsets with their oldest event time; a block is released when all its events are older than
 * what the state needs. Conservative: a block is kept while any of its events may be needed.
 */
export class OffsetFloor {
  readonly #blockSize: number;
  readonly #blocks: { firstOffset: number; maxEventTime: number; size: number }[] = [];

  constructor(blockSize = 1_000) {
    this.#blockSize = blockSize;
  }

  add(offset: number, eventTime: number): void {
    const last = this.#blocks.at(-1);
    if (last !== undefined && last.size < this.#blockSize) {
      last.size++;
      if (eventTime > last.maxEventTime) last.maxEventTime = eventTime;
      return;
    }
    this.#blocks.push({ firstOffset: offset, maxEventTime: eventTime, size: 1 });
  }

  /** Releases blocks whose every event is older than `neededFrom`; returns the oldest offset kept. */
  release(neededFrom: number | undefined): number | undefined {
    if (neededFrom === undefined) {
      this.#blocks.length = 0;
      return undefined;
    }
    let drop = 0;
    // Only whole leading blocks go: a later block holds later offsets, so it bounds nothing before it.
    while (drop < this.#blocks.length - 1 && (this.#blocks[drop]?.maxEventTime ?? Infinity) < neededFrom)
      drop++;
    if (drop > 0) this.#blocks.splice(0, drop);
    return this.#blocks[0]?.firstOffset;
  }
}
