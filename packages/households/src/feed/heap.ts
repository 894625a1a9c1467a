/**
 * A binary min-heap of records by arrival time, ties kept in push order: the feed holds only
 * what has not arrived yet (two quarters of readings plus the late ones), never the whole run.
 */
import type { StreamRecord } from '../record.ts';

interface Entry {
  record: StreamRecord;
  seq: number;
}

const before = (a: Entry, b: Entry): boolean =>
  a.record.arrivalTime < b.record.arrivalTime ||
  (a.record.arrivalTime === b.record.arrivalTime && a.seq < b.seq);

export class ArrivalHeap {
  readonly #items: Entry[] = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  push(record: StreamRecord): void {
    const items = this.#items;
    items.push({ record, seq: this.#seq++ });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i] as Entry, items[parent] as Entry)) break;
      [items[i], items[parent]] = [items[parent] as Entry, items[i] as Entry];
      i = parent;
    }
  }

  /** The earliest record if it arrives at or before `time`, removed; else undefined. */
  popUntil(time: number): StreamRecord | undefined {
    const items = this.#items;
    const top = items[0];
    if (top === undefined || top.record.arrivalTime > time) return undefined;
    const last = items.pop() as Entry;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l] as Entry, items[m] as Entry)) m = l;
        if (r < items.length && before(items[r] as Entry, items[m] as Entry)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as Entry, items[i] as Entry];
        i = m;
      }
    }
    return top.record;
  }

  /** Every record arriving at or before `time`, earliest first, removed as they are taken. */
  *drainUntil(time: number): Generator<StreamRecord> {
    for (let r = this.popUntil(time); r; r = this.popUntil(time)) yield r;
  }
}
