/**
 * The last `capacity` items of a sequence numbered 1, 2, 3…: what a reconnecting client may
 * still be sent. Fixed memory; the oldest item is overwritten.
 */
export class DeltaRing<T> {
  readonly #items: (T | undefined)[];
  #newestSeq = 0;
  #count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity ${capacity} < 1`);
    this.#items = new Array<T | undefined>(capacity);
  }

  /** Appends the item numbered `seq`, which must follow the previous one. */
  push(seq: number, item: T): void {
    if (seq !== this.#newestSeq + 1)
      throw new RangeError(`ring expected seq ${this.#newestSeq + 1}, got ${seq}`);
    this.#items[seq % this.#items.length] = item;
    this.#newestSeq = seq;
    this.#count = Math.min(this.#count + 1, this.#items.length);
  }

  /**
   * The items after `seq`, oldest first; `[]` when `seq` is the newest; `undefined` when some
   * are no longer held or `seq` is ahead of the sequence (a client of an earlier server run).
   */
  after(seq: number): T[] | undefined {
    if (!Number.isInteger(seq) || seq < 0 || seq > this.#newestSeq) return undefined;
    const oldestHeld = this.#newestSeq - this.#count + 1;
    if (seq + 1 < oldestHeld) return undefined;
    const out: T[] = [];
    for (let s = seq + 1; s <= this.#newestSeq; s++) out.push(this.#items[s % this.#items.length] as T);
    return out;
  }
}
