/**
 * A min-heap of (time, item) with lazy deletion: an item is pushed again whenever its time
 * changes, and the caller ignores popped pairs whose time is no longer the item's current one.
 * It lets the tracker visit only the tickets whose deadline or retention the watermark passed.
 */
export class DueQueue<T> {
  readonly #times: number[] = [];
  readonly #items: T[] = [];

  get size(): number {
    return this.#times.length;
  }

  push(time: number, item: T): void {
    if (!Number.isFinite(time)) return;
    let i = this.#times.length;
    this.#times.push(time);
    this.#items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.#times[parent] as number) <= time) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the earliest pair if its time is ≤ `w`. */
  popDue(w: number): { time: number; item: T } | undefined {
    const time = this.#times[0];
    if (time === undefined || time > w) return undefined;
    const item = this.#items[0] as T;
    const lastTime = this.#times.pop() as number;
    const lastItem = this.#items.pop() as T;
    if (this.#times.length > 0) {
      this.#times[0] = lastTime;
      this.#items[0] = lastItem;
      this.#siftDown(0);
    }
    return { time, item };
  }

  #siftDown(start: number): void {
    const n = this.#times.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && (this.#times[l] as number) < (this.#times[m] as number)) m = l;
      if (r < n && (this.#times[r] as number) < (this.#times[m] as number)) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }

  #swap(a: number, b: number): void {
    [this.#times[a], this.#times[b]] = [this.#times[b] as number, this.#times[a] as number];
    [this.#items[a], this.#items[b]] = [this.#items[b] as T, this.#items[a] as T];
  }
}
