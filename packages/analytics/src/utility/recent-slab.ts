/**
 * The state of many meters (meter-track.ts) in a few shared typed arrays (issue 17): a detector
 * allocates each meter's from its slab. Per meter, its anchor (the last consumed reading: time and
 * register) and its one reading waiting, if it has one and only one, as float64 columns; its
 * counts and flags as 32-bit ones; and its last RECENT consumed readings, 4 bytes each: each one's
 * distance to the next newer one (the anchor for the newest) as a 16-bit count of seconds and a
 * 16-bit count of thousandths of a register unit (1 L of water, 1 Wh of electricity). A
 * quarter-hour meter steps 900 s and a few hundred thousandths; the newest reading joins the
 * others with one difference written and the oldest leaves with nothing rewritten.
 *
 * A meter whose readings do not fit (a gap of more than 18 h, a step of more than 32.767 units, a
 * reset's drop, a register not in whole thousandths, times not whole seconds apart, an input
 * offset given) has its readings moved to a Float64Array of its own (MeterTrack's wide layout),
 * and back once they fit again: what is read back is always what was stored. Readings with an
 * input offset are kept wide: no caller of the detector passes one today (the processor resumes
 * by event time), so the columns hold none.
 */
/**
 * How many consumed readings a meter remembers: to tell a repeat from a late reading, and to
 * put a late one back in its place. 24 quarters: a store-and-forward batch of up to 6 hours
 * sent newest first, or spread over partitions, still lands reading by reading.
 */
export const RECENT = 24;

/** Meters a chunk holds: small first (tests make many small detectors), then large. */
const FIRST_CHUNK = 4;
const MAX_CHUNK = 2048;

/** The widest step a column holds: seconds (18.2 h), thousandths (±32.767 units). */
export const MAX_SECONDS = 0xffff;
export const MIN_THOUSANDTHS = -0x8000;
export const MAX_THOUSANDTHS = 0x7fff;

/**
 * A meter's float64 columns: anchor time and register; its one reading waiting to be consumed,
 * if it has one and only one (time, register: most steps bring one a meter, and an object for it
 * outlived the scavenges of the reading phase, promoted at scale: issue 17). The newest time seen
 * is not stored: it is the anchor's or the newest waiting reading's.
 */
export const FIELD = { anchorTs: 0, anchorValue: 1, oneTs: 2, oneValue: 3 } as const;
export const FIELDS = 4;
/**
 * Bits of a meter's first 32-bit column: readings remembered (0–24) in the low 5, then flags
 * (`one`: a single reading waits in the `one*` columns, `oneReset` its reset flag), then, for a
 * meter kept wide, the readings left before it tries the columns again (bits 8–12); `mark`, its
 * owner's (the meter's kind); `wide`, its readings in the chunk's `wides`;
 * `many`, readings waiting in the chunk's `pendings`; its high 16 bits the caller's tag (TAG_SHIFT).
 */
export const BITS = {
  count: 0x1f,
  anchorReset: 0x20,
  one: 0x40,
  oneReset: 0x80,
  mark: 0x2000,
  wide: 0x4000,
  many: 0x8000,
} as const;
export const RETRY_SHIFT = 8;
export const RETRY = 0x1f << RETRY_SHIFT;
/** Its high 16 bits: its caller's tag plus one (MeterTrack `tag`; 0: none given). */
export const TAG_SHIFT = 16;
export const MAX_TAG = 0xfffe;

/** The register in thousandths, or undefined when it is not a whole number of them (read back exactly). */
export function thousandths(value: number): number | undefined {
  const k = Math.round(value * 1000);
  return Object.is(k / 1000, value) ? k : undefined;
}

export class RecentChunk {
  /** Seconds from remembered reading i to the next newer one (the anchor for the newest). */
  readonly seconds: Uint16Array;
  /** Thousandths of a unit the register moved from remembered reading i to the next newer one. */
  readonly thousandths: Int16Array;
  /** Meter m's FIELD values at FIELDS·m. */
  readonly fields: Float64Array;
  /** Meter m's BITS at 2m, its remembered readings' reset flags (bit i: entry i) at 2m + 1. */
  readonly bits: Uint32Array;
  /** Its meters' readings kept in a Float64Array of their own (MeterTrack's wide layout), by meter index. */
  readonly wides = new Map<number, Float64Array>();
  /** Its meters' readings waiting when more than one does (MeterTrack), by meter index. */
  readonly pendings = new Map<number, unknown[]>();
  /** Times one of its meters' readings moved there (tests: each may have come back since). */
  widened = 0;

  constructor(meters: number) {
    this.seconds = new Uint16Array(meters * RECENT);
    this.thousandths = new Int16Array(meters * RECENT);
    this.fields = new Float64Array(meters * FIELDS);
    this.bits = new Uint32Array(meters * 2);
  }

  /** Entries [from, end) moved to `to` (indices into the chunk). */
  move(to: number, from: number, end: number): void {
    this.seconds.copyWithin(to, from, end);
    this.thousandths.copyWithin(to, from, end);
  }
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
    return { chunk, meter };
  }

  /** Bytes of its typed arrays. */
  bytes(): number {
    let bytes = 0;
    for (const c of this.#chunks)
      bytes += c.seconds.byteLength + c.thousandths.byteLength + c.fields.byteLength + c.bits.byteLength;
    return bytes;
  }

  /** Meters whose readings are kept wide now (their slab entries unused). */
  wide(): number {
    let wide = 0;
    for (const c of this.#chunks) wide += c.wides.size;
    return wide;
  }

  /** Times a meter's readings moved to the wide layout (each may have come back since). */
  widened(): number {
    let widened = 0;
    for (const c of this.#chunks) widened += c.widened;
    return widened;
  }
}
