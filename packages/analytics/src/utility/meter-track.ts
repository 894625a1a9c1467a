/**
 * One meter's cumulative readings turned into usage intervals. Readings may arrive twice, out
 * of order, hours late or after a gap; a replaced meter restarts counting (`reset`). Readings
 * wait in a small sorted buffer until the caller consumes them up to a watermark, so that an
 * out-of-order reading still lands in the right interval.
 */
import {
  BITS,
  difference,
  FIELD,
  FIELDS,
  fromMicros,
  micros,
  NO_OFFSET,
  RECENT,
  type RecentChunk,
  RecentSlab,
} from './recent-slab.ts';

/**
 * Usage between two consecutive readings: `(from, to]`. `usage` is NaN when it cannot be known.
 * A late reading splits an interval already handed out: `retract` takes that interval back
 * (its usage negated), then come its two halves; the second, `resplit`, ends at a reading
 * counted before. Neither is a new reading at `to`.
 */
export interface Interval {
  from: number;
  to: number;
  usage: number;
  role?: 'retract' | 'resplit';
}

export type ReadingDisposition = 'accepted' | 'duplicate' | 'late';

interface Pending {
  ts: number;
  value: number;
  reset: boolean;
  offset: number;
}

/** No reading waiting: shared by every track between readings, never written to. */
const NONE: Pending[] = [];

/** Bits 0…n−1 of a mask. */
const below = (n: number): number => (n >= 31 ? -1 : (1 << n) - 1);

export class MeterTrack {
  /** Its state: columns of its slab's chunk (recent-slab.ts), shared with the detector's other meters. */
  readonly #c: RecentChunk;
  /** Its index m in the chunk: float64 fields from #f = FIELDS·m, bits at 2m, readings from #r = RECENT·m. */
  readonly #m: number;
  /** Readings not consumed yet, sorted by time; NONE (no array of its own) while there are none. */
  #pending: Pending[] = NONE;
  /**
   * Its remembered readings when kept wide (no slab, or a difference that did not fit 32 bits):
   * time, value and input offset of entry i at 3i, 3i + 1, 3i + 2.
   */
  #wide: Float64Array | undefined;

  /** `slab`: the detector's, shared by its meters; without one the readings are kept wide. */
  constructor(slab?: RecentSlab) {
    const { chunk, meter } = (slab ?? new RecentSlab()).allocate();
    this.#c = chunk;
    this.#m = meter;
    if (slab === undefined) this.#wide = new Float64Array(3 * RECENT);
  }

  // Computed, not fields: 16 B a meter less (issue 17), a multiplication more a read.
  get #f(): number {
    return this.#m * FIELDS;
  }

  get #r(): number {
    return this.#m * RECENT;
  }

  /** The last consumed reading: every interval starts at one. */
  get anchorTs(): number {
    return this.#c.fields[this.#f + FIELD.anchorTs] as number;
  }

  set anchorTs(ts: number) {
    this.#c.fields[this.#f + FIELD.anchorTs] = ts;
  }

  get anchorValue(): number {
    return this.#c.fields[this.#f + FIELD.anchorValue] as number;
  }

  get anchorOffset(): number {
    return this.#c.fields[this.#f + FIELD.anchorOffset] as number;
  }

  /** Newest reading time accepted (consumed or not): silence is measured from it. */
  get lastSeenTs(): number {
    return this.#c.fields[this.#f + FIELD.lastSeenTs] as number;
  }

  #field(f: number): number {
    return this.#c.fields[this.#f + f] as number;
  }

  #setField(f: number, x: number): void {
    this.#c.fields[this.#f + f] = x;
  }

  /** Readings remembered (the anchor is not among them), oldest first, RECENT at most. */
  get #count(): number {
    return (this.#c.bits[2 * this.#m] as number) & BITS.count;
  }

  set #count(n: number) {
    const i = 2 * this.#m;
    this.#c.bits[i] = ((this.#c.bits[i] as number) & ~BITS.count) | n;
  }

  #flag(bit: number): boolean {
    return ((this.#c.bits[2 * this.#m] as number) & bit) !== 0;
  }

  #setFlag(bit: number, on: boolean): void {
    const i = 2 * this.#m;
    this.#c.bits[i] = on ? (this.#c.bits[i] as number) | bit : (this.#c.bits[i] as number) & ~bit;
  }

  /** The remembered readings' reset flags, at bit i of the meter's second column. */
  get #resets(): number {
    return this.#c.bits[2 * this.#m + 1] as number;
  }

  set #resets(bits: number) {
    this.#c.bits[2 * this.#m + 1] = bits;
  }

  /**
   * Takes a reading. `duplicate`: the same time was already taken (feeds repeat messages; the
   * first copy wins). `late`: older than a reading already consumed; the interval it falls in
   * was attributed without it (the usage total is unaffected, only its split between hours).
   */
  offer(ts: number, value: number, reset: boolean, offset = -1): ReadingDisposition {
    if (ts <= this.anchorTs) {
      if (ts === this.anchorTs || this.#recentIndexOf(ts) >= 0) return 'duplicate';
      // Within the remembered readings it is put back in its place (consumed first, as the
      // oldest pending); older than them, its interval is gone: late.
      if (this.#count === 0 || ts < this.#ts(0)) return 'late';
    }
    if (this.#pending === NONE) {
      if (!this.#flag(BITS.one)) {
        // The usual case, one reading a step: in the meter's columns, no object (issue 17).
        this.#setField(FIELD.oneTs, ts);
        this.#setField(FIELD.oneValue, value);
        this.#setField(FIELD.oneOffset, offset);
        this.#setFlag(BITS.oneReset, reset);
        this.#setFlag(BITS.one, true);
        if (ts > this.lastSeenTs) this.#setField(FIELD.lastSeenTs, ts);
        return 'accepted';
      }
      if (this.#field(FIELD.oneTs) === ts) return 'duplicate';
      // A second one waits: both in an array, sorted as below.
      this.#pending = [this.#one()];
      this.#setFlag(BITS.one, false);
    }
    const pending = this.#pending;
    let i = pending.length;
    while (i > 0 && (pending[i - 1] as Pending).ts > ts) i--;
    if (i > 0 && (pending[i - 1] as Pending).ts === ts) return 'duplicate';
    pending.splice(i, 0, { ts, value, reset, offset });
    if (ts > this.lastSeenTs) this.#setField(FIELD.lastSeenTs, ts);
    return 'accepted';
  }

  /** The single waiting reading of the `one*` columns, as an object. */
  #one(): Pending {
    return {
      ts: this.#field(FIELD.oneTs),
      value: this.#field(FIELD.oneValue),
      reset: this.#flag(BITS.oneReset),
      offset: this.#field(FIELD.oneOffset),
    };
  }

  hasPending(): boolean {
    return this.#flag(BITS.one) || this.#pending.length > 0;
  }

  /** Time of the oldest reading not consumed yet (the buffer is sorted by time). */
  oldestPendingTs(): number | undefined {
    return this.#flag(BITS.one) ? this.#field(FIELD.oneTs) : this.#pending[0]?.ts;
  }

  /** Smallest input offset among readings not consumed yet. */
  oldestPendingOffset(): number | undefined {
    if (this.#flag(BITS.one)) {
      const offset = this.#field(FIELD.oneOffset);
      return offset >= 0 ? offset : undefined;
    }
    let oldest: number | undefined;
    for (const p of this.#pending)
      if (p.offset >= 0 && (oldest === undefined || p.offset < oldest)) oldest = p.offset;
    return oldest;
  }

  /**
   * Consumes readings stamped at or before `upTo`, in time order, handing each interval to
   * `sink`. The first reading only anchors (no interval): it goes to `first`, so that it can
   * still be counted as a reading of its hour. A `reset` reading counts from zero:
   * its value is the usage since the new meter started (a lower bound for the interval). A
   * register that goes back without `reset` breaks the contract: the interval is unknown (NaN).
   */
  consume(upTo: number, sink: (interval: Interval) => void, first?: (ts: number) => void): void {
    if (this.#flag(BITS.one)) {
      const ts = this.#field(FIELD.oneTs);
      if (ts > upTo) return;
      this.#setFlag(BITS.one, false);
      if (ts < this.anchorTs) this.#split(this.#one(), sink);
      else
        this.#take(
          ts,
          this.#field(FIELD.oneValue),
          this.#flag(BITS.oneReset),
          this.#field(FIELD.oneOffset),
          sink,
          first,
        );
      return;
    }
    const pending = this.#pending;
    while (pending.length > 0 && (pending[0] as Pending).ts <= upTo) {
      const r = pending.shift() as Pending;
      if (r.ts < this.anchorTs) this.#split(r, sink);
      else this.#take(r.ts, r.value, r.reset, r.offset, sink, first);
    }
    if (pending.length === 0) this.#pending = NONE;
  }

  /** Reading (ts, value, reset, offset), not older than the anchor, becomes the anchor. */
  #take(
    ts: number,
    value: number,
    reset: boolean,
    offset: number,
    sink: (interval: Interval) => void,
    first: ((ts: number) => void) | undefined,
  ): void {
    const anchorTs = this.anchorTs;
    if (anchorTs === Number.NEGATIVE_INFINITY) first?.(ts);
    else {
      const anchorValue = this.anchorValue;
      const usage = reset ? value : value >= anchorValue ? value - anchorValue : Number.NaN;
      sink({ from: anchorTs, to: ts, usage });
      this.#remember(this.#count, anchorTs, anchorValue, this.#flag(BITS.anchorReset), this.anchorOffset);
    }
    this.#setField(FIELD.anchorTs, ts);
    this.#setField(FIELD.anchorValue, value);
    this.#setField(FIELD.anchorOffset, offset);
    this.#setFlag(BITS.anchorReset, reset);
  }

  #ts(i: number): number {
    const wide = this.#wide;
    if (wide !== undefined) return wide[3 * i] as number;
    return this.#field(FIELD.tsBase) + (this.#c.ts[this.#r + i] as number);
  }

  #value(i: number): number {
    const wide = this.#wide;
    if (wide !== undefined) return wide[3 * i + 1] as number;
    return fromMicros(this.#field(FIELD.valueBase) + (this.#c.values[this.#r + i] as number));
  }

  #offset(i: number): number {
    const wide = this.#wide;
    if (wide !== undefined) return wide[3 * i + 2] as number;
    const d = this.#c.offsets[this.#r + i] as number;
    return d === NO_OFFSET ? -1 : this.#field(FIELD.offsetBase) + d;
  }

  /**
   * Entry i := the reading (`count`: entries held, i among them). In the chunk, as differences
   * from the meter's bases; when it does not fit them, the meter is re-based on it; wide from
   * then on if its neighbours do not fit that base either.
   */
  #write(i: number, ts: number, value: number, offset: number, count: number): void {
    if (this.#wide === undefined) {
      if (!this.#flag(BITS.based)) {
        this.#setField(FIELD.tsBase, ts);
        this.#setField(FIELD.offsetBase, Math.max(offset, 0));
        this.#setField(FIELD.valueBase, micros(value) ?? 0);
        this.#setFlag(BITS.based, true);
      }
      if (this.#put(i, ts, value, offset) || this.#rebase(i, ts, value, offset, count)) return;
      this.#widen(count);
    }
    const wide = this.#wide as Float64Array;
    wide[3 * i] = ts;
    wide[3 * i + 1] = value;
    wide[3 * i + 2] = offset;
  }

  /** Entry i := the reading as differences from the meter's bases; false (nothing written) when one does not fit. */
  #put(i: number, ts: number, value: number, offset: number): boolean {
    const dt = difference(ts, this.#field(FIELD.tsBase));
    const dOffset = offset === -1 ? NO_OFFSET : difference(offset, this.#field(FIELD.offsetBase));
    const m = micros(value);
    const dValue = m === undefined ? undefined : difference(m, this.#field(FIELD.valueBase));
    if (dt === undefined || dOffset === undefined || dValue === undefined) return false;
    const at = this.#r + i;
    this.#c.ts[at] = dt;
    this.#c.values[at] = dValue;
    this.#c.offsets[at] = dOffset;
    return true;
  }

  /**
   * The meter's bases moved to the reading for entry i, its other entries rewritten from them:
   * 32 bits of milliseconds last 24.8 days, so a meter running for weeks outgrows its first base
   * (every meter went wide after 25 days before this). False, nothing changed, when one of them
   * does not fit the new bases (readings weeks apart, offsets 2^31 apart) or the register is not
   * a whole number of millionths.
   */
  #rebase(i: number, ts: number, value: number, offset: number, count: number): boolean {
    const m = micros(value);
    if (m === undefined) return false;
    const offsetBase = offset >= 0 ? offset : this.#field(FIELD.offsetBase);
    const kept: number[] = [];
    for (let j = 0; j < count; j++) {
      if (j === i) continue;
      const o = this.#offset(j);
      const codes = [
        difference(this.#ts(j), ts),
        difference(micros(this.#value(j)) as number, m),
        o === -1 ? NO_OFFSET : difference(o, offsetBase),
      ];
      if (codes.includes(undefined)) return false;
      kept.push(j, ...(codes as number[]));
    }
    this.#setField(FIELD.tsBase, ts);
    this.#setField(FIELD.valueBase, m);
    this.#setField(FIELD.offsetBase, offsetBase);
    for (let k = 0; k < kept.length; k += 4) {
      const at = this.#r + (kept[k] as number);
      this.#c.ts[at] = kept[k + 1] as number;
      this.#c.values[at] = kept[k + 2] as number;
      this.#c.offsets[at] = kept[k + 3] as number;
    }
    return this.#put(i, ts, value, offset);
  }

  /** Entries [from, end) moved to `to`. */
  #move(to: number, from: number, end: number): void {
    if (this.#wide !== undefined) this.#wide.copyWithin(3 * to, 3 * from, 3 * end);
    else this.#c.move(this.#r + to, this.#r + from, this.#r + end);
  }

  /** The readings moved to a Float64Array of this meter's own (its slab entries are left unused). */
  #widen(count: number): void {
    const wide = new Float64Array(3 * RECENT);
    for (let i = 0; i < count; i++) {
      wide[3 * i] = this.#ts(i);
      wide[3 * i + 1] = this.#value(i);
      wide[3 * i + 2] = this.#offset(i);
    }
    this.#wide = wide;
    this.#c.wide++;
  }

  #reset(i: number): boolean {
    return ((this.#resets >>> i) & 1) === 1;
  }

  #recentIndexOf(ts: number): number {
    for (let i = 0; i < this.#count; i++) if (this.#ts(i) === ts) return i;
    return -1;
  }

  /** Inserts a reading at index `at`; when RECENT are held, the oldest goes (the new one, if it is older). */
  #remember(at: number, ts: number, value: number, reset: boolean, offset: number): void {
    let i = at;
    if (this.#count === RECENT) {
      if (at === 0) return;
      // The oldest goes: the ones before `at` move down one, the new one takes at − 1.
      this.#move(0, 1, at);
      this.#resets = ((this.#resets & below(at)) >>> 1) | (this.#resets & ~below(at));
      i = at - 1;
    } else {
      this.#move(at + 1, at, this.#count);
      this.#resets = (this.#resets & below(at)) | ((this.#resets & ~below(at)) << 1);
      this.#count++;
    }
    this.#write(i, ts, value, offset, this.#count);
    this.#resets = reset ? this.#resets | (1 << i) : this.#resets & ~(1 << i);
  }

  /**
   * A late reading between two consumed ones, `prev` and `next`: the interval (prev, next] is
   * taken back and handed out again in two, so the hours get the right split and the reading is
   * counted in its hour. Around a reset, or when its register does not fit between its
   * neighbours', the split cannot be known: the reading is only remembered (a repeat is then a
   * duplicate), and the interval stays as it was.
   */
  #split(r: Pending, sink: (interval: Interval) => void): void {
    let i = 0;
    while (i < this.#count && this.#ts(i) < r.ts) i++;
    if (i === 0) return; // fell out of memory while pending: nothing to split
    const prevTs = this.#ts(i - 1);
    const prevValue = this.#value(i - 1);
    const last = i === this.#count;
    const nextTs = last ? this.anchorTs : this.#ts(i);
    const nextValue = last ? this.anchorValue : this.#value(i);
    const nextReset = last ? this.#flag(BITS.anchorReset) : this.#reset(i);
    this.#remember(i, r.ts, r.value, r.reset, r.offset);
    if (r.reset || nextReset || r.value < prevValue || nextValue < r.value) return;
    const whole = nextValue - prevValue;
    sink({ from: prevTs, to: nextTs, usage: -whole, role: 'retract' });
    sink({ from: prevTs, to: r.ts, usage: r.value - prevValue });
    sink({ from: r.ts, to: nextTs, usage: nextValue - r.value, role: 'resplit' });
  }

  /**
   * The newest consumed reading at or before `t` (where an interval crossing `t` starts), from
   * the last few consumed; the oldest remembered one when all are later. Its offset is the
   * smallest of it and every later one: a late reading put back in its place came after the
   * readings around it, and a replay from it alone would miss them.
   */
  consumedAtOrBefore(t: number): { ts: number; offset: number } | undefined {
    if (this.anchorTs === Number.NEGATIVE_INFINITY) return undefined;
    if (this.anchorTs <= t) return { ts: this.anchorTs, offset: this.anchorOffset };
    let i = this.#count - 1;
    while (i > 0 && this.#ts(i) > t) i--;
    if (i < 0) return { ts: this.anchorTs, offset: this.anchorOffset };
    let offset = this.anchorOffset;
    for (let j = i; j < this.#count; j++) {
      const o = this.#offset(j);
      if (o >= 0 && (offset < 0 || o < offset)) offset = o;
    }
    return { ts: this.#ts(i), offset };
  }
}
