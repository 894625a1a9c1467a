/**
 * The hours of many households' rings in a few typed arrays (issue 17): a detector allocates
 * each household's ring from its slab, so a household costs 4.5 bytes an hour and one small
 * object, not five typed arrays and their buffers.
 *
 * An hour is a 32-bit word and half a byte. The word: water as whole litres (up to 1,022 L) and
 * electricity as whole hundredths of a kWh (up to 20.46 kWh), what a register reads, each with
 * the few float32 steps (−4…+3) the float32 a Float32Array would hold lies from that number
 * (summing an hour's quarters in float32 drifts by a step or two; the steps are kept because
 * the rules' decisions read that float32: without them layout.test's spell_start city gives
 * two more alerts), and the slot's flags (5 bits). The half byte: the two reading counts as one
 * of 15 usual pairs (`PAIRS`: both 0–4 as quarter-hour meters fill and close an hour; session 17
 * counted 99.8 % of the slots of 200 households of simulator 42 and households 1008 at (4, 4)
 * or (0, 0)), 15 saying the pair is aside: as the values aside, in a map of the chunk while its
 * ring has few, in an array of the ring's hours past hours / 16 (2 bytes an hour more for a
 * meter that reads more than 4 times an hour). Any other value (a share
 * of an interval split between hours, a value too large) is kept as the float32 itself: in a map
 * of the chunk's values aside while its ring has few (a gap's split intervals, a big hour), in a
 * Float32Array of that ring's hours once it has many (8 bytes an hour more for a household whose
 * meters read off the quarter hour); a ring's values aside leave with its hours, and the array
 * with its last one. Until session 17 every ring with one value aside kept the array for good:
 * 23 of 200 households (simulator seed 42) held 3,264 B each for 0–39 values.
 */

/** Households a chunk holds: small first (tests make many small detectors), then large. */
const FIRST_CHUNK = 4;
const MAX_CHUNK = 1024;
/**
 * Where each part of an hour's word is, and its width's mask; a value's code is its units
 * shifted by 3 and its steps in the low 3 bits, its all-ones code is "aside".
 */
const WATER = { shift: 0, mask: 0x1fff } as const;
const ELEC = { shift: 13, mask: 0x3fff } as const;
const FLAGS = { shift: 27, mask: 0x1f } as const;
/** Float32 steps from the whole number of units: −4…+3, two's complement in the code's low 3 bits (0 is 0.0). */
const STEPS = 4;
const COUNT_ASIDE = 15;
/** The usual (water, electricity) count pairs, code c at 2c and 2c + 1: (0, 0) first, an empty hour's. */
const PAIRS = Uint8Array.from([
  0, 0, 4, 4, 1, 1, 2, 2, 3, 3, 1, 0, 0, 1, 2, 1, 1, 2, 3, 2, 2, 3, 4, 3, 3, 4, 4, 0, 0, 4,
]);
/** The code of pair (w, e) at 5w + e for counts up to 4: its index in `PAIRS`, COUNT_ASIDE if none. */
const CODE_OF = new Uint8Array(25).fill(COUNT_ASIDE);
for (let c = 0; c < PAIRS.length / 2; c++)
  CODE_OF[5 * (PAIRS[2 * c] as number) + (PAIRS[2 * c + 1] as number)] = c;
/** A ring's pairs aside go to an array of its own past hours / 16 (a map entry ~32 B, the array 2 B an hour). */
const DENSE_PAIRS_PER = 16;
/** A reading count a slot holds: 0–255. */
const isCount = (n: number): boolean => n >= 0 && n <= 255 && Number.isInteger(n);
/**
 * A ring's values aside go from the map to an array of its own when they are more than its hours
 * over this: a map entry costs ~40 B (its slot in the table and a heap number), the array 8 B an
 * hour, so at 1/8 of the hours the map would still be the smaller.
 */
const DENSE_PER = 8;
/** What a count pair in the map is counted at for the stats (V8's ordered map entry, a small integer). */
const PAIR_ENTRY_BYTES = 32;
/** What a value in the map is counted at for the stats (V8's ordered map entry and its heap number). */
const ENTRY_BYTES = 40;

import { ColdDays } from './cold-days.ts';
import { bitsOf, ELEC_UNITS, fromBits, WATER_UNITS } from './float32-bits.ts';
import { LearntChunk } from './learnt-slab.ts';

/** The float32 that code `u` (not the aside code) stands for. */
const decode = (u: number, units: number): number => {
  const low = u & 7;
  return fromBits(bitsOf(Math.fround((u >> 3) / units)) + (low < STEPS ? low : low - 8));
};

export class SlabChunk {
  /** Slot i's water and electricity codes and flags (bits as above). */
  readonly #words: Uint32Array;
  /** Slot i's count pair's code (`PAIRS`) in the low 4 bits of byte i / 2 for an even i, the high 4 for an odd. */
  readonly #pairs: Uint8Array;
  readonly #slots: number;
  /** Whether its rings read each hour as its stored row holds it (config `storedPrecision`, usage-ring.ts). */
  storedPrecision = false;
  /** Count pairs aside (water + 256 × electricity) of rings without an array of them, by index. */
  readonly #fewPairs = new Map<number, number>();
  /** By a ring's first index: its count pairs aside when it has many, slot s at s. */
  readonly #widePairs = new Map<number, Uint16Array>();
  /** Per ring, how many of its count pairs are aside. */
  readonly #pairsAsideOf: Uint16Array;
  readonly #hours: number;
  /** By a ring's first index: its values aside when it has many, water and electricity of hour slot s at 2s, 2s + 1. */
  readonly #wide = new Map<number, Float32Array>();
  /** Values aside of rings without a wide array, by index × 2 + kind (0 water, 1 electricity). */
  readonly #few = new Map<number, number>();
  /** Per ring, how many of its values are aside (in `#few` or its wide array). */
  readonly #asideOf: Uint16Array;
  #learnt: LearntChunk | undefined;
  /**
   * Per ring r, at 3r: its newest hour (`UsageRing.latest`), then the newest water and electricity
   * reading its seeded hours had taken in (`seededThroughOf`); −Infinity until set. A float64
   * field of an object is a heap number of its own in V8 (16 B and a slot): these are 8 B each.
   */
  readonly marks: Float64Array;
  /** Its rings' closed days, packed (cold-days.ts); undefined when its rings keep every hour in slots. */
  readonly cold: ColdDays | undefined;

  /** Hours each of its rings holds (`UsageRing.size`). */
  readonly ringHours: number;
  /** Slots each of its rings has in it: all its hours, or its open days' when its closed days are packed. */
  readonly ringSlots: number;

  /** `hours`: slots a ring has in it; `ringHours`: hours a ring holds (more: its closed days are packed). */
  constructor(slots: number, hours: number, ringHours = hours) {
    this.ringHours = ringHours;
    this.ringSlots = hours;
    this.#hours = hours;
    this.#words = new Uint32Array(slots);
    this.#slots = slots;
    this.#pairs = new Uint8Array(Math.ceil(slots / 2));
    this.#asideOf = new Uint16Array(slots / hours);
    this.#pairsAsideOf = new Uint16Array(slots / hours);
    this.marks = new Float64Array((3 * slots) / hours).fill(Number.NEGATIVE_INFINITY);
    this.cold = ringHours > hours ? new ColdDays(slots / hours, closedDays(ringHours)) : undefined;
  }

  /** Its rings' learnt statistics (learnt-slab.ts), allocated with the first. */
  get learnt(): LearntChunk {
    this.#learnt ??= new LearntChunk(this.#slots / this.#hours);
    return this.#learnt;
  }

  water(i: number): number {
    const u = ((this.#words[i] as number) >>> WATER.shift) & WATER.mask;
    return u === WATER.mask ? this.#wideAt(i, 0) : decode(u, WATER_UNITS);
  }

  elec(i: number): number {
    const u = ((this.#words[i] as number) >>> ELEC.shift) & ELEC.mask;
    return u === ELEC.mask ? this.#wideAt(i, 1) : decode(u, ELEC_UNITS);
  }

  setWater(i: number, value: number): void {
    this.#set(i, WATER.shift, WATER.mask, this.#put(i, 0, value, WATER_UNITS, WATER.mask));
  }

  setElec(i: number, value: number): void {
    this.#set(i, ELEC.shift, ELEC.mask, this.#put(i, 1, value, ELEC_UNITS, ELEC.mask));
  }

  /** Slot i's flags (usage-ring.ts's SLOT bits). */
  flags(i: number): number {
    return ((this.#words[i] as number) >>> FLAGS.shift) & FLAGS.mask;
  }

  setFlags(i: number, flags: number): void {
    this.#set(i, FLAGS.shift, FLAGS.mask, flags);
  }

  #set(i: number, shift: number, mask: number, x: number): void {
    this.#words[i] = ((this.#words[i] as number) & ~(mask << shift)) | (x << shift);
  }

  #wideAt(i: number, kind: 0 | 1): number {
    const slot = i % this.#hours;
    const wide = this.#wide.get(i - slot);
    const x = wide === undefined ? this.#few.get(i * 2 + kind) : wide[2 * slot + kind];
    // A code that says "aside" with nothing aside is a bookkeeping slip: fail, never read NaN.
    if (x === undefined) throw new Error(`ring slot ${i}: value ${kind} coded aside, none kept`);
    return x;
  }

  /** Whether slot i's value of `kind` is aside (its code the all-ones one). */
  #isAside(i: number, kind: 0 | 1): boolean {
    const { shift, mask } = kind === 0 ? WATER : ELEC;
    return (((this.#words[i] as number) >>> shift) & mask) === mask;
  }

  /** The slot's code for float32(`value`): units and steps, or `aside` with the float32 kept aside. */
  #put(i: number, kind: 0 | 1, value: number, units: number, aside: number): number {
    const f = Math.fround(value);
    const n = Math.round(f * units);
    if (n >= 0 && n < aside >> 3 && !Object.is(f, -0)) {
      const steps = bitsOf(f) - bitsOf(Math.fround(n / units));
      if (steps >= -STEPS && steps < STEPS) {
        if (this.#isAside(i, kind)) this.#drop(i, kind);
        return (n << 3) | (steps & 7);
      }
    }
    const slot = i % this.#hours;
    const base = i - slot;
    const ring = base / this.#hours;
    if (!this.#isAside(i, kind)) this.#asideOf[ring] = (this.#asideOf[ring] as number) + 1;
    let wide = this.#wide.get(base);
    if (wide === undefined && (this.#asideOf[ring] as number) > this.#hours / DENSE_PER) {
      // Many values aside: the ring's own array, its values in the map moved to it.
      wide = new Float32Array(2 * this.#hours);
      for (let x = 0; x < this.#hours; x++)
        for (const k of [0, 1] as const) {
          const key = (base + x) * 2 + k;
          const v = this.#few.get(key);
          if (v !== undefined && this.#isAside(base + x, k)) wide[2 * x + k] = v;
          this.#few.delete(key);
        }
      this.#wide.set(base, wide);
    }
    if (wide === undefined) this.#few.set(i * 2 + kind, f);
    else wide[2 * slot + kind] = f;
    return aside;
  }

  /** Slot i's value of `kind` leaves aside (its code is about to change): its ring's array goes with its last one. */
  #drop(i: number, kind: 0 | 1): void {
    const base = i - (i % this.#hours);
    const ring = base / this.#hours;
    const left = (this.#asideOf[ring] as number) - 1;
    this.#asideOf[ring] = left;
    if (this.#wide.has(base)) {
      if (left === 0) this.#wide.delete(base);
    } else this.#few.delete(i * 2 + kind);
  }

  /** Readings counted (0–255): `kind` 0 water, 1 electricity. */
  count(i: number, kind: 0 | 1): number {
    const c = ((this.#pairs[i >> 1] as number) >> ((i & 1) << 2)) & 0xf;
    if (c !== COUNT_ASIDE) return PAIRS[2 * c + kind] as number;
    const p = this.#pairAside(i);
    return kind === 0 ? p & 0xff : p >> 8;
  }

  /** Sets a count, 0–255 (the ring caps them). */
  setCount(i: number, kind: 0 | 1, n: number): void {
    if (kind === 0) this.setCounts(i, n, this.count(i, 1));
    else this.setCounts(i, this.count(i, 0), n);
  }

  /** Sets both counts (water `w`, electricity `e`), 0–255 each: one pair coded, not two. */
  setCounts(i: number, w: number, e: number): void {
    if (!(isCount(w) && isCount(e))) throw new RangeError(`reading counts of ${w} and ${e}`);
    const shift = (i & 1) << 2;
    const b = i >> 1;
    const old = ((this.#pairs[b] as number) >> shift) & 0xf;
    const code = w <= 4 && e <= 4 ? (CODE_OF[5 * w + e] as number) : COUNT_ASIDE;
    if (code !== COUNT_ASIDE) {
      if (old === COUNT_ASIDE) this.#dropPair(i);
    } else this.#putPair(i, w + 256 * e, old === COUNT_ASIDE);
    this.#pairs[b] = ((this.#pairs[b] as number) & ~(0xf << shift)) | (code << shift);
  }

  #pairAside(i: number): number {
    const slot = i % this.#hours;
    const wide = this.#widePairs.get(i - slot);
    const p = wide === undefined ? this.#fewPairs.get(i) : wide[slot];
    if (p === undefined) throw new Error(`ring slot ${i}: counts coded aside, none kept`);
    return p;
  }

  /** Slot i's count pair `p` aside; `was`: it was aside already. */
  #putPair(i: number, p: number, was: boolean): void {
    const slot = i % this.#hours;
    const base = i - slot;
    const ring = base / this.#hours;
    if (!was) this.#pairsAsideOf[ring] = (this.#pairsAsideOf[ring] as number) + 1;
    let wide = this.#widePairs.get(base);
    if (wide === undefined && (this.#pairsAsideOf[ring] as number) > this.#hours / DENSE_PAIRS_PER) {
      // Many pairs aside: the ring's own array, its pairs in the map moved to it.
      wide = new Uint16Array(this.#hours);
      for (let x = 0; x < this.#hours; x++) {
        const v = this.#fewPairs.get(base + x);
        if (v !== undefined) {
          wide[x] = v;
          this.#fewPairs.delete(base + x);
        }
      }
      this.#widePairs.set(base, wide);
    }
    if (wide === undefined) this.#fewPairs.set(i, p);
    else wide[slot] = p;
  }

  /** Slot i's count pair leaves aside: its ring's array goes with its last one. */
  #dropPair(i: number): void {
    const base = i - (i % this.#hours);
    const ring = base / this.#hours;
    const left = (this.#pairsAsideOf[ring] as number) - 1;
    this.#pairsAsideOf[ring] = left;
    if (this.#widePairs.has(base)) {
      if (left === 0) this.#widePairs.delete(base);
    } else this.#fewPairs.delete(i);
  }

  /** Empties slot `i` (an hour dropped off its ring). */
  clear(i: number): void {
    if (this.#isAside(i, 0)) this.#drop(i, 0);
    if (this.#isAside(i, 1)) this.#drop(i, 1);
    const shift = (i & 1) << 2;
    const b = i >> 1;
    if ((((this.#pairs[b] as number) >> shift) & 0xf) === COUNT_ASIDE) this.#dropPair(i);
    this.#words[i] = 0;
    this.#pairs[b] = (this.#pairs[b] as number) & ~(0xf << shift);
  }

  /** Slots it holds. */
  get slots(): number {
    return this.#slots;
  }

  /** Values (of rings without an array of their own) and rings with one, and counts, kept aside, for the stats. */
  get asideCount(): number {
    return this.#few.size + this.#wide.size + this.#fewPairs.size + this.#widePairs.size;
  }

  /** Bytes of the values aside: the wide arrays, and the map's entries as estimated (`ENTRY_BYTES`, not measured). */
  get wideBytes(): number {
    return (
      this.#wide.size * 8 * this.#hours +
      this.#few.size * ENTRY_BYTES +
      this.#widePairs.size * 2 * this.#hours +
      this.#fewPairs.size * PAIR_ENTRY_BYTES
    );
  }

  /** Rings with a wide array (tests). */
  get wideRings(): number {
    return this.#wide.size;
  }

  /** Bytes of its hours' words and count pairs, and per ring its counts of what is aside and its marks. */
  get slotBytes(): number {
    return (
      this.#words.byteLength +
      this.#pairs.byteLength +
      this.#asideOf.byteLength +
      this.#pairsAsideOf.byteLength +
      this.marks.byteLength
    );
  }

  /** Bytes of the learnt statistics' arrays. */
  get learntBytes(): number {
    return this.#learnt?.bytes ?? 0;
  }

  /** Bytes of its closed days' arena and directory. */
  get coldBytes(): number {
    return this.cold?.bytes ?? 0;
  }
}

/**
 * Open days a ring keeps in its slab's slots when its closed days are packed: the rules read
 * back up to 72 h from the hour they judge (a dry spell, its windows) at every hour, and the
 * judged hour can be up to 9 h behind the ring's newest (JUDGE_WAIT_HOURS + 1), so a read reaches
 * back to newest − 80. Four days hold at least the 72 h before the newest hour, not always 80:
 * when the newest hour is among a day's first eight, hours newest − 80 … newest − 73 are packed
 * and read through the scratch (values the same, a decode's CPU; a session 18 review's reading).
 */
export const OPEN_DAYS = 4;

/**
 * Days a ring of `hours` hours keeps packed: back to the day of its oldest hour when its newest is
 * the first of a day (its open days then hold the fewest hours), so every hour it holds has a place.
 */
export const closedDays = (hours: number): number => Math.ceil((hours - 1 - 24 * (OPEN_DAYS - 1)) / 24);

/** Slots a ring of `hours` hours has in its slab: its open days' when its closed days are packed. */
export const slotsFor = (hours: number): number => (hours >= (OPEN_DAYS + 2) * 24 ? OPEN_DAYS * 24 : hours);

/** Where rings of `hours` hours are allocated: chunks of up to MAX_CHUNK households. */
export class RingSlab {
  readonly hours: number;
  /** Slots a ring has in a chunk: all its hours, or its open days' (`slotsFor`). */
  readonly slots: number;
  /** Config `storedPrecision`, for the chunks it allocates: set before the first ring. */
  storedPrecision = false;
  readonly #chunks: SlabChunk[] = [];
  #perChunk: number;
  #used = 0;

  /** `packed`: closed days packed when its rings are long enough (false: every hour in slots, for tests). */
  constructor(hours: number, firstChunk = FIRST_CHUNK, packed = true) {
    this.hours = hours;
    this.slots = packed ? slotsFor(hours) : hours;
    this.#perChunk = firstChunk;
    this.#used = firstChunk;
  }

  /** A free ring's chunk and first index. */
  allocate(): { chunk: SlabChunk; base: number } {
    if (this.#used === this.#perChunk || this.#chunks.length === 0) {
      if (this.#chunks.length > 0) this.#perChunk = Math.min(MAX_CHUNK, this.#perChunk * 2);
      const chunk = new SlabChunk(this.#perChunk * this.slots, this.slots, this.hours);
      chunk.storedPrecision = this.storedPrecision;
      this.#chunks.push(chunk);
      this.#used = 0;
    }
    const chunk = this.#chunks[this.#chunks.length - 1] as SlabChunk;
    return { chunk, base: this.#used++ * this.slots };
  }

  /** Rings with a wide array of their own (tests). */
  chunkWideRings(): number {
    let n = 0;
    for (const c of this.#chunks) n += c.wideRings;
    return n;
  }

  /** Bytes of its typed arrays, and rings and counts kept aside. */
  stats(): { bytes: number; aside: number } {
    let bytes = 0;
    let aside = 0;
    for (const c of this.#chunks) {
      bytes += c.slotBytes + c.wideBytes + c.learntBytes + c.coldBytes;
      aside += c.asideCount;
    }
    return { bytes, aside };
  }
}
