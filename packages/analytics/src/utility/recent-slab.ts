/**
 * The last consumed readings of many meters (meter-track.ts) in a few shared typed arrays
 * (issue 17): a detector allocates each meter's from its slab, 16 bytes a reading (its register
 * as the float64 it came as, its time and input offset as 32-bit differences from the meter's
 * first remembered ones), not a Float64Array of 24 B a reading and its buffer per meter. A
 * reading whose time or offset does not fit 32 bits of difference (a meter silent for weeks)
 * moves that meter's readings to a Float64Array of its own (MeterTrack's wide layout): what
 * is read back is always what was stored.
 */

/**
 * How many consumed readings a meter remembers: to tell a repeat from a late reading, and to
 * put a late one back in its place. 24 quarters: a store-and-forward batch of up to 6 hours
 * sent newest first, or spread over partitions, still lands reading by reading.
 */
export const RECENT = 24;

/** A difference's code for "no offset" (−1): below every difference kept. */
export const NO_OFFSET = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** Meters a chunk holds: small first (tests make many small detectors), then large. */
const FIRST_CHUNK = 4;
const MAX_CHUNK = 2048;

export class RecentChunk {
  readonly values: Float64Array;
  /** Time (epoch ms) less the meter's base time. */
  readonly ts: Int32Array;
  /** Input offset less the meter's base offset; NO_OFFSET for −1. */
  readonly offsets: Int32Array;

  constructor(meters: number) {
    this.values = new Float64Array(meters * RECENT);
    this.ts = new Int32Array(meters * RECENT);
    this.offsets = new Int32Array(meters * RECENT);
  }

  /** Entries [from, end) moved to `to` (indices into the chunk). */
  move(to: number, from: number, end: number): void {
    this.values.copyWithin(to, from, end);
    this.ts.copyWithin(to, from, end);
    this.offsets.copyWithin(to, from, end);
  }
}

/** The 32-bit difference of `x` from `base`, or undefined when it does not fit (or is not whole). */
export function difference(x: number, base: number): number | undefined {
  const d = x - base;
  return Number.isInteger(d) && d > NO_OFFSET && d <= INT32_MAX ? d : undefined;
}

/** Where meters' remembered readings are allocated: chunks of up to MAX_CHUNK meters. */
export class RecentSlab {
  readonly #chunks: RecentChunk[] = [];
  #perChunk = FIRST_CHUNK;
  #used = FIRST_CHUNK;

  /** A free meter's chunk and first index. */
  allocate(): { chunk: RecentChunk; base: number } {
    if (this.#used === this.#perChunk) {
      if (this.#chunks.length > 0) this.#perChunk = Math.min(MAX_CHUNK, this.#perChunk * 2);
      this.#chunks.push(new RecentChunk(this.#perChunk));
      this.#used = 0;
    }
    const chunk = this.#chunks[this.#chunks.length - 1] as RecentChunk;
    return { chunk, base: this.#used++ * RECENT };
  }

  /** Bytes of its typed arrays. */
  bytes(): number {
    let bytes = 0;
    for (const c of this.#chunks) bytes += c.values.length * 16;
    return bytes;
  }
}

/**
 * One meter's remembered readings: in its slab's chunk (entry i at `#at + i`, time and offset as
 * differences from the first remembered reading's) or, without a slab or once a difference does
 * not fit, wide: time, value and input offset of entry i at 3i, 3i + 1, 3i + 2 of a Float64Array
 * of its own. Allocated with the first.
 */
export class RecentReadings {
  readonly #slab: RecentSlab | undefined;
  #chunk: RecentChunk | undefined;
  #at = 0;
  #tsBase = 0;
  #offsetBase = 0;
  #wide: Float64Array | undefined;

  constructor(slab: RecentSlab | undefined) {
    this.#slab = slab;
  }

  ts(i: number): number {
    const chunk = this.#chunk;
    if (chunk !== undefined) return this.#tsBase + (chunk.ts[this.#at + i] as number);
    return (this.#wide as Float64Array)[3 * i] as number;
  }

  value(i: number): number {
    const chunk = this.#chunk;
    if (chunk !== undefined) return chunk.values[this.#at + i] as number;
    return (this.#wide as Float64Array)[3 * i + 1] as number;
  }

  offset(i: number): number {
    const chunk = this.#chunk;
    if (chunk === undefined) return (this.#wide as Float64Array)[3 * i + 2] as number;
    const d = chunk.offsets[this.#at + i] as number;
    return d === NO_OFFSET ? -1 : this.#offsetBase + d;
  }

  /** Entry i := the reading (`count`: entries held, i among them); wide from then on if it does not fit. */
  write(i: number, ts: number, value: number, offset: number, count: number): void {
    if (this.#chunk === undefined && this.#wide === undefined) this.#allocate(ts, offset);
    const chunk = this.#chunk;
    if (chunk !== undefined) {
      const dt = difference(ts, this.#tsBase);
      const dOffset = offset === -1 ? NO_OFFSET : difference(offset, this.#offsetBase);
      if (dt !== undefined && dOffset !== undefined) {
        chunk.ts[this.#at + i] = dt;
        chunk.values[this.#at + i] = value;
        chunk.offsets[this.#at + i] = dOffset;
        return;
      }
      this.#widen(count);
    }
    const wide = this.#wide as Float64Array;
    wide[3 * i] = ts;
    wide[3 * i + 1] = value;
    wide[3 * i + 2] = offset;
  }

  /** Entries [from, end) moved to `to`. */
  move(to: number, from: number, end: number): void {
    const chunk = this.#chunk;
    if (chunk !== undefined) chunk.move(this.#at + to, this.#at + from, this.#at + end);
    else this.#wide?.copyWithin(3 * to, 3 * from, 3 * end);
  }

  #allocate(ts: number, offset: number): void {
    if (this.#slab === undefined) {
      this.#wide = new Float64Array(3 * RECENT);
      return;
    }
    const { chunk, base } = this.#slab.allocate();
    this.#chunk = chunk;
    this.#at = base;
    this.#tsBase = ts;
    this.#offsetBase = Math.max(offset, 0);
  }

  /** The readings moved to a Float64Array of this meter's own (its slab entry is left unused). */
  #widen(count: number): void {
    const wide = new Float64Array(3 * RECENT);
    for (let i = 0; i < count; i++) {
      wide[3 * i] = this.ts(i);
      wide[3 * i + 1] = this.value(i);
      wide[3 * i + 2] = this.offset(i);
    }
    this.#chunk = undefined;
    this.#wide = wide;
  }
}
