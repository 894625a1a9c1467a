/**
 * Readings of one device sorted by event time, one per timestamp: the same station+ts twice is
 * one reading (the first copy wins). Mostly appended; out-of-order readings are inserted.
 */
export class TimeSeries<V extends { t: number }> {
  readonly #items: V[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** Adds a reading; false when one with the same time is already held. */
  add(item: V): boolean {
    const items = this.#items;
    const last = items.at(-1);
    if (last === undefined || item.t > last.t) {
      items.push(item);
      return true;
    }
    const i = this.#bound(item.t, false);
    if (items[i]?.t === item.t) return false;
    items.splice(i, 0, item);
    return true;
  }

  /** Readings with `from < t ≤ to`, oldest first. */
  range(from: number, to: number): V[] {
    return this.#items.slice(this.#bound(from, true), this.#bound(to, true));
  }

  /** The newest reading with `t ≤ at`. */
  latest(at: number): V | undefined {
    return this.#items[this.#bound(at, true) - 1];
  }

  first(): V | undefined {
    return this.#items[0];
  }

  last(): V | undefined {
    return this.#items.at(-1);
  }

  /** Drops readings with `t < before`. */
  prune(before: number): void {
    const i = this.#bound(before, false);
    if (i > 0) this.#items.splice(0, i);
  }

  /** Index of the first reading with `t > t0` (after) or `t ≥ t0`. */
  #bound(t0: number, after: boolean): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = (this.#items[mid] as V).t;
      if (t < t0 || (after && t === t0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
