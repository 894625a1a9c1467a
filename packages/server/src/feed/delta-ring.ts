/**
 * The newest items of a sequence numbered 1, 2, 3…: what a reconnecting client may still be
 * sent. Bounded by count and by bytes (a channel whose deltas are large keeps fewer of them);
 * the newest item is always kept.
 */
export class DeltaRing<T> {
  readonly #capacity: number;
  readonly #maxBytes: number;
  #items: { seq: number; item: T; bytes: number }[] = [];
  #head = 0;
  #bytes = 0;
  #newestSeq = 0;

  /** `firstSeq`: the seq before the first item (0: items are numbered from 1). */
  constructor(capacity: number, maxBytes = Number.POSITIVE_INFINITY, firstSeq = 0) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity ${capacity} < 1`);
    this.#capacity = capacity;
    this.#maxBytes = maxBytes;
    this.#newestSeq = firstSeq;
  }

  /** Appends the item numbered `seq`, which must follow the previous one; `bytes` is its size. */
  push(seq: number, item: T, bytes = 0): void {
    if (seq !== this.#newestSeq + 1)
      throw new RangeError(`ring expected seq ${this.#newestSeq + 1}, got ${seq}`);
    this.#items.push({ seq, item, bytes });
    this.#bytes += bytes;
    this.#newestSeq = seq;
    while (this.#size > 1 && (this.#size > this.#capacity || this.#bytes > this.#maxBytes)) {
      const oldest = this.#items[this.#head];
      this.#bytes -= oldest?.bytes ?? 0;
      this.#items[this.#head] = undefined as never;
      this.#head++;
    }
    // Compact once the dead prefix is as long as the live part: amortised O(1) per push.
    if (this.#head > 0 && this.#head >= this.#size) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * The items after `seq`, oldest first; `[]` when `seq` is the newest; `undefined` when some
   * are no longer held or `seq` is ahead of the sequence (a client of an earlier server run).
   */
  after(seq: number): T[] | undefined {
    if (!Number.isInteger(seq) || seq < 0 || seq > this.#newestSeq) return undefined;
    const oldestHeld = this.#newestSeq - this.#size + 1;
    if (seq + 1 < oldestHeld) return undefined;
    const from = this.#head + (seq + 1 - oldestHeld);
    return this.#items.slice(from).map((entry) => entry.item);
  }

  /** Bytes held (the sum of the sizes given to `push`). */
  get bytes(): number {
    return this.#bytes;
  }

  get #size(): number {
    return this.#items.length - this.#head;
  }
}
