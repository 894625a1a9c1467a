/**
 * Orders records by arrival time without holding the whole scenario: records are dropped into
 * fixed-width time slices and a slice is released, sorted, once every generator has produced
 * all events up to its end. A record may land in any later slice (a batch that arrives hours
 * late waits there); never in one already released.
 */
import type { StreamRecord } from '../record.ts';

export class ArrivalQueue {
  readonly #origin: number;
  readonly #sliceMs: number;
  readonly #buckets = new Map<number, StreamRecord[]>();
  #released = -1;
  #counts: Int32Array;

  constructor(origin: number, sliceMs: number) {
    this.#origin = origin;
    this.#sliceMs = sliceMs;
    this.#counts = new Int32Array(sliceMs + 1);
  }

  sliceOf(time: number): number {
    return Math.floor((time - this.#origin) / this.#sliceMs);
  }

  push(record: StreamRecord): void {
    const slice = this.sliceOf(record.arrivalTime);
    if (slice <= this.#released) {
      throw new RangeError(`record arrives at ${record.arrivalTime}, in slice ${slice}, already released`);
    }
    let bucket = this.#buckets.get(slice);
    if (!bucket) {
      bucket = [];
      this.#buckets.set(slice, bucket);
    }
    bucket.push(record);
  }

  /** Records of `slice`, by arrival time; ties keep the order they were pushed in. */
  release(slice: number): StreamRecord[] {
    this.#released = slice;
    const bucket = this.#buckets.get(slice);
    if (!bucket) return [];
    this.#buckets.delete(slice);
    if (bucket.length < 4096) return bucket.sort((a, b) => a.arrivalTime - b.arrivalTime);
    return this.#countingSort(bucket, this.#origin + slice * this.#sliceMs);
  }

  /** Records still waiting (arriving after the last released slice). */
  get pending(): number {
    let n = 0;
    for (const bucket of this.#buckets.values()) n += bucket.length;
    return n;
  }

  // A stable counting sort on the millisecond within the slice: linear, where a comparison
  // sort of 200k meter readings per slice would dominate the generator's time.
  #countingSort(bucket: StreamRecord[], start: number): StreamRecord[] {
    const counts = this.#counts;
    counts.fill(0);
    for (const r of bucket) {
      const i = r.arrivalTime - start + 1;
      counts[i] = (counts[i] as number) + 1;
    }
    for (let i = 1; i < counts.length; i++) counts[i] = (counts[i] as number) + (counts[i - 1] as number);
    const out = new Array<StreamRecord>(bucket.length);
    for (const r of bucket) {
      const i = r.arrivalTime - start;
      const at = counts[i] as number;
      counts[i] = at + 1;
      out[at] = r;
    }
    return out;
  }
}
