/**
 * The state of many meters (meter-track.ts) in a few shared typed arrays (issue 17): a detector
 * allocates each meter's from its slab. Per meter, its anchor (the last consumed reading: time,
 * register, input offset), the newest time seen and the bases its remembered readings' times and
 * offsets are differences from, as float64 columns; its counts and reset flags as 32-bit ones;
 * and its last RECENT consumed readings, 12 bytes each: time, input offset and register (in
 * millionths, as `household_usage_hourly` and the snapshots count) as 32-bit differences from
 * the meter's bases. Not an object of its own per meter with boxed numbers and a Float64Array.
 * A reading that does not fit its bases re-bases the meter on it (a meter running for weeks, its
 * register grown by thousands); one whose remembered readings cannot share a base with it (a
 * meter silent for weeks, offsets 2^31 apart) or whose register is not a whole number of
 * millionths moves that meter's readings to a Float64Array of its own (MeterTrack's wide
 * layout): what is read back is always what was stored.
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

/**
 * A meter's float64 columns: anchor time, register, offset; newest time seen; time, offset and
 * register bases; its one reading waiting to be consumed, if it has one and only one (time,
 * register, offset: most steps bring one a meter, and an object for it outlived the scavenges of
 * the reading phase, promoted at scale: issue 17).
 */
export const FIELD = {
  anchorTs: 0,
  anchorValue: 1,
  anchorOffset: 2,
  lastSeenTs: 3,
  tsBase: 4,
  offsetBase: 5,
  valueBase: 6,
  oneTs: 7,
  oneValue: 8,
  oneOffset: 9,
} as const;
export const FIELDS = 10;
/**
 * Bits of a meter's first 32-bit column: readings remembered (0–24) in the low 5, then flags
 * (`one`: a single reading waits in the `one*` columns, `oneReset` its reset flag).
 */
export const BITS = { count: 0x1f, anchorReset: 0x20, based: 0x40, one: 0x80, oneReset: 0x100 } as const;

/** Millionths of a register unit: a register of 0.001 m3 or 0.01 kWh is a whole number of them. */
const MICRO = 1e6;

/** The register in millionths, or undefined when it is not a whole number of them (read back exactly). */
export function micros(value: number): number | undefined {
  const m = Math.round(value * MICRO);
  return Object.is(m / MICRO, value) ? m : undefined;
}

/** The register `micros` came from. */
export const fromMicros = (m: number): number => m / MICRO;

export class RecentChunk {
  /** Register (in millionths) less the meter's base register. */
  readonly values: Int32Array;
  /** Time (epoch ms) less the meter's base time. */
  readonly ts: Int32Array;
  /** Input offset less the meter's base offset; NO_OFFSET for −1. */
  readonly offsets: Int32Array;
  /** Meter m's FIELD values at FIELDS·m. */
  readonly fields: Float64Array;
  /** Meter m's BITS at 2m, its remembered readings' reset flags (bit i: entry i) at 2m + 1. */
  readonly bits: Uint32Array;
  /** Its meters whose readings went to a Float64Array of their own (MeterTrack's wide layout). */
  wide = 0;

  constructor(meters: number) {
    this.values = new Int32Array(meters * RECENT);
    this.ts = new Int32Array(meters * RECENT);
    this.offsets = new Int32Array(meters * RECENT);
    this.fields = new Float64Array(meters * FIELDS);
    this.bits = new Uint32Array(meters * 2);
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

  /** A free meter's chunk and index in it, its anchor empty (no reading consumed, none seen). */
  allocate(): { chunk: RecentChunk; meter: number } {
    if (this.#used === this.#perChunk) {
      if (this.#chunks.length > 0) this.#perChunk = Math.min(MAX_CHUNK, this.#perChunk * 2);
      this.#chunks.push(new RecentChunk(this.#perChunk));
      this.#used = 0;
    }
    const chunk = this.#chunks[this.#chunks.length - 1] as RecentChunk;
    const meter = this.#used++;
    chunk.fields[meter * FIELDS + FIELD.anchorTs] = Number.NEGATIVE_INFINITY;
    chunk.fields[meter * FIELDS + FIELD.anchorOffset] = -1;
    chunk.fields[meter * FIELDS + FIELD.lastSeenTs] = Number.NEGATIVE_INFINITY;
    return { chunk, meter };
  }

  /** Bytes of its typed arrays. */
  bytes(): number {
    let bytes = 0;
    for (const c of this.#chunks) bytes += c.values.length * 12 + c.fields.byteLength + c.bits.byteLength;
    return bytes;
  }

  /** Meters whose readings are kept wide (their slab entries unused). */
  wide(): number {
    let wide = 0;
    for (const c of this.#chunks) wide += c.wide;
    return wide;
  }
}
