/**
 * The last `capacity` message texts seen, all topics together (a text is keyed by its topic),
 * oldest forgotten first: `add` says whether a text is new. Bounded by count, so a flood of
 * distinct texts costs O(1) each and a fixed memory.
 */
export class RecentTexts {
  readonly #capacity: number;
  readonly #seen = new Set<string>();
  readonly #order: string[] = [];
  #next = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** Whether `text` is among the recent ones of `topic`. */
  has(topic: string, text: string): boolean {
    return this.#seen.has(`${topic}\u0000${text}`);
  }

  /** Forgets every text. */
  clear(): void {
    this.#seen.clear();
    this.#order.length = 0;
    this.#next = 0;
  }

  /** Remembers `text` of `topic`; false when it was remembered already. */
  add(topic: string, text: string): boolean {
    const key = `${topic}\u0000${text}`;
    if (this.#seen.has(key)) return false;
    if (this.#order.length < this.#capacity) this.#order.push(key);
    else {
      const oldest = this.#order[this.#next];
      if (oldest !== undefined) this.#seen.delete(oldest);
      this.#order[this.#next] = key;
      this.#next = (this.#next + 1) % this.#capacity;
    }
    this.#seen.add(key);
    return true;
  }
}
