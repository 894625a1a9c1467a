/**
 * A ring's closed days packed (issue 17): the hours older than its last few days, which the rules
 * read only when they learn (once a day) or look for a household's own past absences (when the
 * ratio rule fires), held as a few bytes a day in a byte arena of the ring's slab chunk, not at
 * 4.5 bytes an hour in its slots. A ring's closed days are one block of day records, oldest
 * first; a day that leaves the ring's open days is appended as it stands, the oldest dropped as
 * it leaves the ring. A closed hour read or changed (a late batch, an alert's hours marked)
 * decodes the ring's whole block into one scratch copy shared by the process (`coldDays`); a
 * changed copy is encoded back when another ring needs the scratch or the ring's days move on.
 *
 * Lossless by construction: an hour's two float32 values, two reading counts (0–255) and five
 * flags are what is read back. A day record: its length (LEB128) and a bit stream of nine
 * columns of 24 (water and electricity: "kept aside" bits, whole meter units, float32 steps from
 * them; the two counts; the flags), each either one value, one value with its exceptions, or
 * every value at the column's width, whichever is shortest; then the float32 of each value kept
 * aside. A day with nothing in it is its length 0.
 */

import { bitsOf, ELEC_UNITS, fromBits, WATER_UNITS } from './float32-bits.ts';

const DAY = 24;
/** Whole units a column holds at most: wider is kept aside as its float32. */
const MAX_UNITS = 0xffffff;
/** Float32 steps from the whole units: −4…+3, in 3 bits. */
const STEPS = 4;
/** Column kinds. */
const UNIFORM = 0;
const SPARSE = 1;
const PLAIN = 2;

/** What the scratch holds of one ring's closed days: hour j of its first day at j. */
class Scratch {
  water = new Float32Array(0);
  elec = new Float32Array(0);
  waterCount = new Uint8Array(0);
  elecCount = new Uint8Array(0);
  flags = new Uint8Array(0);
  /** Whose days it holds: a chunk's cold store and a ring of it (its marks index, 3 × its index). */
  owner: ColdDays | undefined = undefined;
  ring = -1;
  days = 0;
  /** Changed since decoded: encoded back before it is reused. */
  dirty = false;

  fit(days: number): void {
    const n = days * DAY;
    if (this.water.length >= n) return;
    this.water = new Float32Array(n);
    this.elec = new Float32Array(n);
    this.waterCount = new Uint8Array(n);
    this.elecCount = new Uint8Array(n);
    this.flags = new Uint8Array(n);
  }
}

/** One for the process: a detector's rules read one household's hours at a time. */
const scratch = new Scratch();

// ---- bit stream ----------------------------------------------------------------------------

let out = new Uint8Array(4096);
let outPos = 0;
let acc = 0;
let accBits = 0;

function room(n: number): void {
  if (outPos + n <= out.length) return;
  const grown = new Uint8Array(Math.max(2 * out.length, outPos + n));
  grown.set(out.subarray(0, outPos));
  out = grown;
}

/** Bytes a day's record takes at most: nine columns of 24 values of 24 bits with their heads, 48 float32s. */
const DAY_BYTES = 5 + Math.ceil((9 * (7 + 24 + 24 + 24 * 24)) / 8) + 48 * 4;

/** Writes the low `bits` (≤ 24) bits of `v` (room made by the caller: `DAY_BYTES` a record). */
function put(v: number, bits: number): void {
  acc |= v << accBits;
  accBits += bits;
  while (accBits >= 8) {
    out[outPos++] = acc & 0xff;
    acc >>>= 8;
    accBits -= 8;
  }
}

function putEnd(): void {
  if (accBits > 0) {
    out[outPos++] = acc & 0xff;
  }
  acc = 0;
  accBits = 0;
}

function putVarint(n: number): void {
  room(5);
  let x = n;
  while (x >= 0x80) {
    out[outPos++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  out[outPos++] = x;
}

let src: Uint8Array = new Uint8Array(0);
let srcPos = 0;
let racc = 0;
let raccBits = 0;

function get(bits: number): number {
  while (raccBits < bits) {
    racc |= (src[srcPos++] as number) << raccBits;
    raccBits += 8;
  }
  const v = bits === 0 ? 0 : racc & ((1 << bits) - 1);
  racc >>>= bits;
  raccBits -= bits;
  return v;
}

function getVarint(): number {
  let n = 0;
  let shift = 0;
  for (;;) {
    const b = src[srcPos++];
    if (b === undefined) throw new RangeError('cold days: a record past its block');
    n += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return n;
    shift += 7;
  }
}

// ---- a day ---------------------------------------------------------------------------------

const col = new Int32Array(DAY);
const wAside = new Int32Array(DAY);
const eAside = new Int32Array(DAY);
const wUnits = new Int32Array(DAY);
const eUnits = new Int32Array(DAY);
const wSteps = new Int32Array(DAY);
const eSteps = new Int32Array(DAY);

/** Writes 24 values (each < 2^24) as the shortest of one value, one value and exceptions, or all at their width. */
function putColumn(values: Int32Array): void {
  // The usual value: the most frequent of 0, the first, the middle and the last hour's (a
  // column's usual value is one of them: no steps, 4 readings, the day's flags); any is lossless.
  const a = values[0] as number;
  const b = values[12] as number;
  const c = values[23] as number;
  let or = 0;
  let n0 = 0;
  let na = 0;
  let nb = 0;
  let nc = 0;
  for (let j = 0; j < DAY; j++) {
    const v = values[j] as number;
    or |= v;
    if (v === 0) n0++;
    if (v === a) na++;
    if (v === b) nb++;
    if (v === c) nc++;
  }
  const width = 32 - Math.clz32(or);
  let mode = 0;
  let best = n0;
  if (na > best) {
    best = na;
    mode = a;
  }
  if (nb > best) {
    best = nb;
    mode = b;
  }
  if (nc > best) {
    best = nc;
    mode = c;
  }
  const exceptions = DAY - best;
  const sparse = width + 24 + exceptions * width;
  const plain = DAY * width;
  if (exceptions === 0) {
    put(UNIFORM | (width << 2), 7);
    put(mode, width);
  } else if (sparse < plain) {
    put(SPARSE | (width << 2), 7);
    put(mode, width);
    let mask = 0;
    for (let j = 0; j < DAY; j++) if (values[j] !== mode) mask |= 1 << j;
    put(mask & 0xfff, 12);
    put(mask >>> 12, 12);
    for (let j = 0; j < DAY; j++) if (values[j] !== mode) put(values[j] as number, width);
  } else {
    put(PLAIN | (width << 2), 7);
    for (let j = 0; j < DAY; j++) put(values[j] as number, width);
  }
}

function getColumn(into: Int32Array): void {
  getColumnBody(into, get(7));
}

function getColumnBody(into: Int32Array, head: number): void {
  const kind = head & 3;
  const width = head >>> 2;
  if (kind === PLAIN) {
    for (let j = 0; j < DAY; j++) into[j] = get(width);
    return;
  }
  const mode = get(width);
  into.fill(mode);
  if (kind === UNIFORM) return;
  const mask = get(12) | (get(12) << 12);
  for (let j = 0; j < DAY; j++) if (mask & (1 << j)) into[j] = get(width);
}

/** Value `f` (a float32) as whole units and steps at j, or kept aside (1). */
function split(
  f: number,
  units: number,
  aside: Int32Array,
  whole: Int32Array,
  steps: Int32Array,
  j: number,
): void {
  const n = Math.round(f * units);
  if (n >= 0 && n <= MAX_UNITS && !Object.is(f, -0)) {
    const s = bitsOf(f) - bitsOf(Math.fround(n / units));
    if (s >= -STEPS && s < STEPS) {
      aside[j] = 0;
      whole[j] = n;
      steps[j] = s & 7;
      return;
    }
  }
  aside[j] = 1;
  whole[j] = 0;
  steps[j] = 0;
}

const joined = (whole: number, steps: number, units: number): number =>
  fromBits(bitsOf(Math.fround(whole / units)) + (steps < STEPS ? steps : steps - 8));

/** Appends the record of `s`'s day starting at hour index `at`. */
function encodeDay(s: Scratch, at: number): void {
  let empty = true;
  for (let j = at; j < at + DAY; j++)
    if (
      s.flags[j] !== 0 ||
      s.waterCount[j] !== 0 ||
      s.elecCount[j] !== 0 ||
      !Object.is(s.water[j], 0) ||
      !Object.is(s.elec[j], 0)
    ) {
      empty = false;
      break;
    }
  if (empty) {
    putVarint(0);
    return;
  }
  for (let j = 0; j < DAY; j++) {
    split(s.water[at + j] as number, WATER_UNITS, wAside, wUnits, wSteps, j);
    split(s.elec[at + j] as number, ELEC_UNITS, eAside, eUnits, eSteps, j);
  }
  // The record is written after its length: encode at the end of the stream, then move it.
  const lengthAt = outPos;
  room(DAY_BYTES);
  outPos += 5;
  const bodyAt = outPos;
  putColumn(wAside);
  putColumn(eAside);
  putColumn(wUnits);
  putColumn(wSteps);
  putColumn(eUnits);
  putColumn(eSteps);
  for (let j = 0; j < DAY; j++) col[j] = s.waterCount[at + j] as number;
  putColumn(col);
  for (let j = 0; j < DAY; j++) col[j] = s.elecCount[at + j] as number;
  putColumn(col);
  for (let j = 0; j < DAY; j++) col[j] = s.flags[at + j] as number;
  putColumn(col);
  for (let j = 0; j < DAY; j++) {
    if (wAside[j]) {
      const b = bitsOf(s.water[at + j] as number);
      put(b & 0xffff, 16);
      put(b >>> 16, 16);
    }
    if (eAside[j]) {
      const b = bitsOf(s.elec[at + j] as number);
      put(b & 0xffff, 16);
      put(b >>> 16, 16);
    }
  }
  putEnd();
  const length = outPos - bodyAt;
  const end = outPos;
  outPos = lengthAt;
  putVarint(length);
  out.copyWithin(outPos, bodyAt, end);
  outPos += length;
}

/** Decodes the record at `src[srcPos]` into `s`'s day starting at hour index `at`. */
function decodeDay(s: Scratch, at: number): void {
  const length = getVarint();
  if (length === 0) {
    s.water.fill(0, at, at + DAY);
    s.elec.fill(0, at, at + DAY);
    s.waterCount.fill(0, at, at + DAY);
    s.elecCount.fill(0, at, at + DAY);
    s.flags.fill(0, at, at + DAY);
    return;
  }
  const end = srcPos + length;
  racc = 0;
  raccBits = 0;
  getColumn(wAside);
  getColumn(eAside);
  getColumn(wUnits);
  getColumn(wSteps);
  getColumn(eUnits);
  getColumn(eSteps);
  getColumn(col);
  for (let j = 0; j < DAY; j++) s.waterCount[at + j] = col[j] as number;
  getColumn(col);
  for (let j = 0; j < DAY; j++) s.elecCount[at + j] = col[j] as number;
  getColumn(col);
  for (let j = 0; j < DAY; j++) s.flags[at + j] = col[j] as number;
  getValues(s, at);
  srcPos = end;
}

/** The day's values at `s`'s `at`: each from its units and steps, or its float32 bits for one aside. */
function getValues(s: Scratch, at: number): void {
  for (let j = 0; j < DAY; j++) {
    s.water[at + j] = wAside[j]
      ? fromBits(get(16) | (get(16) << 16))
      : joined(wUnits[j] as number, wSteps[j] as number, WATER_UNITS);
    s.elec[at + j] = eAside[j]
      ? fromBits(get(16) | (get(16) << 16))
      : joined(eUnits[j] as number, eSteps[j] as number, ELEC_UNITS);
  }
}

/** Skips the record at `src[srcPos]` of a block ending at `end`; a RangeError for one past it. */
function skipDay(end: number): void {
  const length = getVarint();
  srcPos += length;
  if (srcPos > end) throw new RangeError('cold days: a record past its block');
}

/** Widths a column may have, in `encodeDay`'s order (aside bits, units and steps of each kind; counts; flags). */
const WIDTHS = [1, 1, 24, 3, 24, 3, 8, 8, 5] as const;

/**
 * Decodes the record at `src[srcPos]` (of a block ending at `blockEnd`) into `s`'s day at `at` as
 * `decodeDay` does, refusing what `encodeDay` never writes: a record past its block, a column of
 * no kind or wider than its values, bits past the record's length. A stored snapshot's block is
 * checked so before a ring takes it as it stands (snapshot.ts).
 */
function decodeDayChecked(s: Scratch, at: number, blockEnd: number): void {
  if (srcPos >= blockEnd) throw new RangeError('cold days: a record past its block');
  const length = getVarint();
  const end = srcPos + length;
  if (end > blockEnd || length > DAY_BYTES) throw new RangeError('cold days: a record past its block');
  if (length === 0) {
    decodeEmptyAt(s, at);
    return;
  }
  racc = 0;
  raccBits = 0;
  const columns = [wAside, eAside, wUnits, wSteps, eUnits, eSteps, col, col, col] as const;
  for (let c = 0; c < columns.length; c++) {
    const into = columns[c] as Int32Array;
    const head = get(7);
    if ((head & 3) === 3 || head >>> 2 > (WIDTHS[c] as number))
      throw new RangeError(`cold days: a column's head ${head}`);
    getColumnBody(into, head);
    if (c === 6) for (let j = 0; j < DAY; j++) s.waterCount[at + j] = col[j] as number;
    else if (c === 7) for (let j = 0; j < DAY; j++) s.elecCount[at + j] = col[j] as number;
    else if (c === 8) for (let j = 0; j < DAY; j++) s.flags[at + j] = col[j] as number;
  }
  getValues(s, at);
  if (srcPos > end) throw new RangeError('cold days: a record longer than its length');
  srcPos = end;
}

function decodeEmptyAt(s: Scratch, at: number): void {
  s.water.fill(0, at, at + DAY);
  s.elec.fill(0, at, at + DAY);
  s.waterCount.fill(0, at, at + DAY);
  s.elecCount.fill(0, at, at + DAY);
  s.flags.fill(0, at, at + DAY);
}

/** One day's arrays, for a block read or written outside a ring (a snapshot's). */
const one = new Scratch();
one.fit(1);

/** Day arrays of `days` days (hour j of the first at j), all empty, for `encodeDays`. */
export function dayArrays(days: number): Scratch {
  const s = new Scratch();
  s.fit(days);
  s.days = days;
  return s;
}

/** Empties the first `days` days of `s`. */
export function clearDays(s: Scratch, days: number): void {
  decodeEmptyAt(s, 0);
  for (let d = 1; d < days; d++) decodeEmptyAt(s, d * DAY);
}

/**
 * The block of day records `ColdDays` would hold for `days` days of `s` (hour j of the first at
 * j): what a snapshot carries, for a restore to take as it stands (`ColdDays.adopt`).
 */
export function encodeDays(s: Scratch, days: number): Uint8Array {
  outPos = 0;
  acc = 0;
  accBits = 0;
  for (let d = 0; d < days; d++) encodeDay(s, d * DAY);
  return out.slice(0, outPos);
}

/**
 * The record `ColdDays` would hold for day `s` (hour j at j): a view valid until the next encode
 * (a snapshot copies it into its block).
 */
export function encodeDayRecord(s: Scratch): Uint8Array {
  outPos = 0;
  acc = 0;
  accBits = 0;
  encodeDay(s, 0);
  return out.subarray(0, outPos);
}

/** An empty day's record: its length 0. */
const EMPTY_RECORD = Uint8Array.of(0);

/** The record at `record[start]` (`ColdDays.walk`'s) decoded: a day valid until the next one read. */
export function decodeRecord(record: Uint8Array, start: number): Scratch {
  src = record;
  srcPos = start;
  decodeDay(one, 0);
  return one;
}

/** The `n` (≤ 24) bits at bit `pos` of the record body at `src[at]` (the stream `put` writes). */
function bitsAt(at: number, pos: number, n: number): number {
  const i = at + (pos >>> 3);
  const word =
    ((src[i] ?? 0) | ((src[i + 1] ?? 0) << 8) | ((src[i + 2] ?? 0) << 16) | ((src[i + 3] ?? 0) << 24)) >>>
    (pos & 7);
  return n === 0 ? 0 : word & ((1 << n) - 1);
}

/**
 * Hours of the record at `record[start]` whose flags have `flag`: the columns before its flags
 * column stepped over by their heads (no value read, no bit past them), its flags read (a snapshot
 * copying the record counts its stored hours).
 */
export function hoursFlagged(record: Uint8Array, start: number, flag: number): number {
  src = record;
  srcPos = start;
  if (getVarint() === 0) return 0;
  const at = srcPos;
  let pos = 0;
  for (let c = 0; c < 8; c++) {
    const head = bitsAt(at, pos, 7);
    const width = head >>> 2;
    pos += 7;
    if ((head & 3) === PLAIN) pos += DAY * width;
    else if ((head & 3) === UNIFORM) pos += width;
    else {
      const mask = bitsAt(at, pos + width, 12) | (bitsAt(at, pos + width + 12, 12) << 12);
      let exceptions = 0;
      for (let m = mask; m !== 0; m &= m - 1) exceptions++;
      pos += width + 24 + exceptions * width;
    }
  }
  const head = bitsAt(at, pos, 7);
  const kind = head & 3;
  const width = head >>> 2;
  pos += 7;
  if (kind === PLAIN) {
    let n = 0;
    for (let j = 0; j < DAY; j++) if (bitsAt(at, pos + j * width, width) & flag) n++;
    return n;
  }
  const mode = bitsAt(at, pos, width);
  if (kind === UNIFORM) return mode & flag ? DAY : 0;
  const mask = bitsAt(at, pos + width, 12) | (bitsAt(at, pos + width + 12, 12) << 12);
  let n = 0;
  let e = 0;
  for (let j = 0; j < DAY; j++) {
    if (mask & (1 << j)) {
      if (bitsAt(at, pos + width + 24 + e * width, width) & flag) n++;
      e++;
    } else if (mode & flag) n++;
  }
  return n;
}

/**
 * Walks the block `bytes[start, end)` of `days` day records, checked (`decodeDayChecked`), calling
 * `visit(d, day)` with day d decoded (its hour j at j). Throws a RangeError for bytes `encodeDays`
 * did not write.
 */
export function walkDays(
  bytes: Uint8Array,
  start: number,
  end: number,
  days: number,
  visit: (d: number, day: Scratch) => void,
): void {
  src = bytes;
  srcPos = start;
  for (let d = 0; d < days; d++) {
    decodeDayChecked(one, 0, end);
    const next = srcPos;
    visit(d, one);
    // The visitor may read another block (a ring's): this one's place is taken back.
    src = bytes;
    srcPos = next;
  }
  if (srcPos !== end) throw new RangeError('cold days: bytes after the last record');
}

// ---- a chunk's store ---------------------------------------------------------------------------

/** Its blocks' keys sorted by a compaction in place (one for the process: it runs to its end). */
let order = new Float64Array(0);

/** Where the blocks of a slab chunk's rings are: one byte arena, compacted when full. */
export class ColdDays {
  #arena: Uint8Array;
  #used = 0;
  #garbage = 0;
  /** Ring r's block: its first byte and length. */
  readonly #start: Uint32Array;
  readonly #length: Uint32Array;
  /** Days each of its rings' blocks holds. */
  readonly #days: number;
  /**
   * Per ring, 1 while its block may hold an hour marked dirty (usage-ring.ts sets it, a late
   * batch's re-emit clears it): a re-emit scans its closed days only then, not decodes 14 days
   * for every late batch (session 18's review).
   */
  readonly #dirty: Uint8Array;
  /**
   * Per ring, `seededUntil`'s day and 1 + the minimum it holds for (0: none, `#replace` clears it;
   * a minimum past 254 is never marked): 5 B a ring.
   */
  readonly #seededUntil: Int32Array;
  readonly #seededMin: Uint8Array;

  /** For `rings` rings of `days` closed days each. */
  constructor(rings: number, days: number) {
    this.#seededUntil = new Int32Array(rings);
    this.#seededMin = new Uint8Array(rings);
    this.#start = new Uint32Array(rings);
    this.#length = new Uint32Array(rings);
    this.#dirty = new Uint8Array(rings);
    this.#days = days;
    // About what a block holds by the end of its ring's first days (grown as needed).
    this.#arena = new Uint8Array(rings * days * 8);
  }

  /** Bytes it holds: the arena as allocated (its slack and garbage included) and its directory. */
  get bytes(): number {
    return (
      this.#arena.byteLength +
      this.#start.byteLength +
      this.#length.byteLength +
      this.#dirty.byteLength +
      this.#seededUntil.byteLength +
      this.#seededMin.byteLength
    );
  }

  /** Whether the block of the ring whose marks are at `mark` may hold a dirty hour. */
  mayBeDirty(mark: number): boolean {
    return this.#dirty[mark / 3] === 1;
  }

  /** Sets (a dirty hour packed or marked) or clears (every one written) `mayBeDirty`. */
  setMayBeDirty(mark: number, on: boolean): void {
    this.#dirty[mark / 3] = on ? 1 : 0;
  }

  /** Ring r's block becomes `out[from, to)` (or `source`'s). */
  #replace(r: number, from: number, to: number, source: Uint8Array = out): void {
    const n = to - from;
    const old = this.#length[r] as number;
    // Other records: not known to be seeding's (`roll` and `adopt` say so again where they are).
    this.#seededMin[r] = 0;
    this.#garbage += old;
    this.#length[r] = 0;
    try {
      if (this.#used + n > this.#arena.length) this.#compact(n);
    } catch (error) {
      // The new arena could not be made (it is allocated before anything moves): ring r keeps
      // its old block rather than reading as empty days.
      this.#length[r] = old;
      this.#garbage -= old;
      throw error;
    }
    this.#arena.set(source.subarray(from, to), this.#used);
    this.#start[r] = this.#used;
    this.#length[r] = n;
    this.#used += n;
  }

  /**
   * Room for `n` more: the live blocks moved down in place when that leaves a sixteenth of them
   * free, else to a new arena an eighth larger than they and `n` need. Every ring rewrites its
   * block once a day, so the garbage refills the room daily: until session 20 each compaction made
   * a new arena and grew it to 1.25× whenever less than an eighth of it was free, which left a
   * chunk's arena at 1.25× its live bytes once its rings had rolled a day (812 B a household for
   * 647 live, measured; 682 right after a restore).
   */
  #compact(n: number): void {
    const live = this.#used - this.#garbage;
    const need = live + n;
    if (need + (need >>> 4) > this.#arena.length) {
      const arena = new Uint8Array(need + (need >>> 3));
      let at = 0;
      for (let r = 0; r < this.#start.length; r++) {
        const len = this.#length[r] as number;
        const start = this.#start[r] as number;
        arena.set(this.#arena.subarray(start, start + len), at);
        this.#start[r] = at;
        at += len;
      }
      this.#arena = arena;
      this.#used = at;
      this.#garbage = 0;
      return;
    }
    // In the order they lie, each block moves down (never past one not yet moved): a key of its
    // start and ring, exact in a float64 (starts < 2^32, rings < 2^21).
    const rings = this.#start.length;
    if (order.length < rings) order = new Float64Array(rings);
    let k = 0;
    for (let r = 0; r < rings; r++)
      if ((this.#length[r] as number) > 0) order[k++] = (this.#start[r] as number) * rings + r;
    const sorted = order.subarray(0, k).sort();
    let at = 0;
    for (let i = 0; i < k; i++) {
      const key = sorted[i] as number;
      const r = key % rings;
      const start = (key - r) / rings;
      const len = this.#length[r] as number;
      if (start !== at) this.#arena.copyWithin(at, start, start + len);
      this.#start[r] = at;
      at += len;
    }
    this.#used = at;
    this.#garbage = 0;
  }

  /** Points the reader at ring r's block. */
  #read(r: number): void {
    src = this.#arena;
    srcPos = this.#start[r] as number;
  }

  /**
   * Ring r's days move on: its block held the days from `from` up to `from + had − 1` (a day past
   * its records reads empty); it is to hold the days `first`..`last` (`first` ≥ `from`): those it
   * held as they were, byte for byte, the later ones as `fill(d, day)` puts them in `day`'s hour
   * j at j, in order.
   */
  roll(
    r: number,
    from: number,
    had: number,
    first: number,
    last: number,
    fill: (d: number, day: Scratch) => void,
  ): void {
    // The scratch's ring encoded back first: this block is read as it now stands.
    flush();
    scratch.owner = undefined;
    outPos = 0;
    acc = 0;
    accBits = 0;
    this.#read(r);
    const end = srcPos + (this.#length[r] as number);
    let d = from;
    for (; d < first && d < from + had; d++) if (srcPos < end) skipDay(end);
    const keptAt = srcPos;
    let missing = 0;
    for (; d <= last && d < from + had; d++) {
      if (srcPos < end) skipDay(end);
      else missing++;
    }
    const kept = srcPos - keptAt;
    room(kept + missing);
    out.set(this.#arena.subarray(keptAt, keptAt + kept), 0);
    outPos = kept;
    for (let k = 0; k < missing; k++) putVarint(0);
    scratch.fit(1);
    for (d = Math.max(first, from + had); d <= last; d++) {
      fill(d, scratch);
      encodeDay(scratch, 0);
    }
    // The days it kept are the records they were; those appended are later than any it had.
    const seeded = this.#seededMin[r] as number;
    this.#replace(r, 0, outPos);
    this.#seededMin[r] = seeded;
  }

  /**
   * The days of the ring whose marks are at `mark` (3 × its index) decoded into the scratch
   * (flushing the scratch's previous ring): its hour j of them at j.
   */
  open(mark: number): Scratch {
    return scratch.owner === this && scratch.ring === mark ? scratch : this.#load(mark);
  }

  #load(mark: number): Scratch {
    const r = mark / 3;
    const days = this.#days;
    flush();
    // No owner while the scratch is overwritten: a decode that throws must not leave another
    // ring's name on this ring's days.
    scratch.owner = undefined;
    scratch.fit(days);
    this.#read(r);
    const length = this.#length[r] as number;
    const end = srcPos + length;
    for (let d = 0; d < days; d++) {
      if (srcPos >= end) {
        // Fewer records than days: a block written before the ring's days were known (none yet).
        srcPos = end;
        decodeEmpty(d);
      } else decodeDay(scratch, d * DAY);
    }
    scratch.owner = this;
    scratch.ring = mark;
    scratch.days = days;
    scratch.dirty = false;
    return scratch;
  }

  /**
   * The ring whose marks are at `mark` takes `bytes[start, end)` as its block: `days` records as
   * `encodeDays` writes them (a snapshot's, checked when it was loaded), its hours before the
   * block's hour `keepFrom` emptied (a restore's window: the day holding it encoded again, those
   * before it empty records). Returns the hours emptied that had a flag of `present`. The
   * scratch is not flushed: this ring's copy, if it holds one, is dropped (the block replaces it).
   * `seeded`: the block is a checked snapshot's, its days (before `until`) as seeding with `min`
   * holds them (`seededUntil`).
   */
  adopt(
    mark: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    keepFrom: number,
    present: number,
    seeded?: { until: number; min: number },
  ): number {
    const r = mark / 3;
    // Bytes of no block it would hold refused before anything is sized by them: `out` and the
    // arena grow no further than the largest block a ring holds (unchecked bytes: a RangeError).
    if (end < start || end > bytes.length || end - start > this.#days * DAY_BYTES)
      throw new RangeError(`cold days: a block of ${end - start} bytes`);
    if (scratch.owner === this && scratch.ring === mark) scratch.owner = undefined;
    src = bytes;
    srcPos = start;
    if (keepFrom <= 0) {
      // Its records' lengths walked: a block cut short must not read as another ring's bytes.
      for (let d = 0; d < this.#days; d++) if (srcPos < end) skipDay(end);
      if (srcPos !== end) throw new RangeError('cold days: a block of other records');
      this.#replace(r, start, end, bytes);
      this.#seeded(r, seeded);
      return 0;
    }
    outPos = 0;
    acc = 0;
    accBits = 0;
    let emptied = 0;
    for (let d = 0; d < this.#days; d++) {
      const at = srcPos;
      if (d * DAY >= keepFrom) {
        skipDay(end);
        room(srcPos - at);
        out.set(bytes.subarray(at, srcPos), outPos);
        outPos += srcPos - at;
        continue;
      }
      decodeDayChecked(one, 0, end);
      const cut = Math.min(DAY, keepFrom - d * DAY);
      for (let j = 0; j < cut; j++) {
        if ((one.flags[j] as number) & present) emptied++;
        one.water[j] = 0;
        one.elec[j] = 0;
        one.waterCount[j] = 0;
        one.elecCount[j] = 0;
        one.flags[j] = 0;
      }
      encodeDay(one, 0);
    }
    if (srcPos !== end) throw new RangeError('cold days: a block of other records');
    this.#replace(r, 0, outPos);
    // Hours emptied as seeding leaves them, the day holding `keepFrom` encoded as `encodeDays` does.
    this.#seeded(r, seeded);
    return emptied;
  }

  #seeded(r: number, seeded: { until: number; min: number } | undefined): void {
    if (seeded === undefined || !(Number.isInteger(seeded.min) && seeded.min >= 0 && seeded.min < 255))
      return;
    if (!(Math.abs(seeded.until) < 2 ** 31)) return;
    this.#seededUntil[r] = seeded.until;
    this.#seededMin[r] = seeded.min + 1;
  }

  /**
   * Visits the closed days' records of the ring whose marks are at `mark` as its block holds them,
   * oldest first: day d's record is `record[start, end)` (valid during the call alone; a day past
   * its records is an empty one), for a snapshot that copies a record rather than decoding it and
   * encoding it again (issue 17, session 20: `decodeRecord` reads one). The scratch is stored first
   * if it holds this ring's days changed, so the block read is the ring's days as they stand.
   */
  walk(mark: number, visit: (d: number, record: Uint8Array, start: number, end: number) => void): void {
    if (scratch.owner === this && scratch.ring === mark) flush();
    const r = mark / 3;
    const arena = this.#arena;
    let at = this.#start[r] as number;
    const end = at + (this.#length[r] as number);
    for (let d = 0; d < this.#days; d++) {
      if (at >= end) {
        visit(d, EMPTY_RECORD, 0, 1);
        continue;
      }
      src = arena;
      srcPos = at;
      skipDay(end);
      const next = srcPos;
      visit(d, arena, at, next);
      at = next;
    }
  }

  /**
   * The first day (its hour index / 24) after the days of the ring whose marks are at `mark` that
   * its block holds exactly as seeding with minimum `min` from their rows would, records as
   * `encodeDays` writes them: a checked snapshot's block it adopted (`adopt`), until a change to
   * it is stored; its days rolled on keep it (their records kept byte for byte, the days appended
   * later). −Infinity when none. A snapshot copies those days' records (snapshot.ts).
   */
  seededUntil(mark: number, min: number): number {
    const r = mark / 3;
    const m = this.#seededMin[r] as number;
    return m !== 0 && m === min + 1 ? (this.#seededUntil[r] as number) : Number.NEGATIVE_INFINITY;
  }

  /** Encodes the scratch (ring r's days) back as its block. */ /** Encodes the scratch (ring r's days) back as its block. */
  store(r: number): void {
    outPos = 0;
    acc = 0;
    accBits = 0;
    for (let d = 0; d < scratch.days; d++) encodeDay(scratch, d * DAY);
    this.#replace(r, 0, outPos);
  }
}

function decodeEmpty(d: number): void {
  const at = d * DAY;
  scratch.water.fill(0, at, at + DAY);
  scratch.elec.fill(0, at, at + DAY);
  scratch.waterCount.fill(0, at, at + DAY);
  scratch.elecCount.fill(0, at, at + DAY);
  scratch.flags.fill(0, at, at + DAY);
}

/** Encodes the scratch back to its ring's block if it was changed. */
function flush(): void {
  const owner = scratch.owner;
  if (owner !== undefined && scratch.dirty) {
    owner.store(scratch.ring / 3);
    // Clean only once stored: a store that throws leaves the edit to be stored again.
    scratch.dirty = false;
  }
}

export type { Scratch as ColdScratch };
