/**
 * One meter's cumulative readings turned into usage intervals. Readings may arrive twice, out
 * of order, hours late or after a gap; a replaced meter restarts counting (`reset`). Readings
 * wait in a small sorted buffer until the caller consumes them up to a watermark, so that an
 * out-of-order reading still lands in the right interval.
 */
import {
  BITS,
  FIELD,
  FIELDS,
  MAX_SECONDS,
  MAX_TAG,
  MAX_THOUSANDTHS,
  MIN_THOUSANDTHS,
  RECENT,
  RETRY,
  RETRY_SHIFT,
  type RecentChunk,
  RecentSlab,
  TAG_SHIFT,
  thousandths,
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

/** The wide layout: time, value and input offset of entry i at 3i, 3i + 1, 3i + 2; the anchor's offset last. */
const ANCHOR_OFFSET = 3 * RECENT;
const WIDE = 3 * RECENT + 1;
/** A meter's entries decoded from the columns to be read or changed: one for the process, in the wide layout. */
const scratch = new Float64Array(WIDE);

export class MeterTrack {
  /** Its state: columns of its slab's chunk (recent-slab.ts), shared with the detector's other meters. */
  readonly #c: RecentChunk;
  /** Its index m in the chunk: float64 fields from FIELDS·m, bits at 2m, readings from RECENT·m. */
  readonly #m: number;

  /** `slab`: the detector's, shared by its meters; without one, a slab of its own. */
  constructor(slab?: RecentSlab) {
    const { chunk, meter } = (slab ?? new RecentSlab()).allocate();
    this.#c = chunk;
    this.#m = meter;
  }

  // Computed, not fields: 16 B a meter less (issue 17), a multiplication more a read. Its helpers
  // are TypeScript-private, not `#`: a class with `#` methods gives each instance a brand slot (8 B).
  private get fieldsAt(): number {
    return this.#m * FIELDS;
  }

  private get readingsAt(): number {
    return this.#m * RECENT;
  }

  /**
   * Its remembered readings while they do not fit the columns (recent-slab.ts), in the wide layout
   * (time, value and input offset of entry i at 3i, 3i + 1, 3i + 2), with the anchor's input offset
   * (−1 while in the columns): in its chunk's map, its `wide` bit set; no field of its own (8 B).
   */
  private get wide(): Float64Array | undefined {
    return this.flag(BITS.wide) ? this.#c.wides.get(this.#m) : undefined;
  }

  /**
   * Readings not consumed yet, sorted by time, when more than the one of the `one*` columns wait:
   * in its chunk's map, its `many` bit set (no field of its own, 8 B); NONE while none.
   */
  private get pending(): Pending[] {
    return this.flag(BITS.many) ? (this.#c.pendings.get(this.#m) as Pending[]) : NONE;
  }

  private setPending(pending: Pending[]): void {
    this.#c.pendings.set(this.#m, pending);
    this.setFlag(BITS.many, true);
  }

  /** A flag of its owner's (household.ts: the meter's kind) in its bits: no field of its own. */
  protected get marked(): boolean {
    return this.flag(BITS.mark);
  }

  protected set marked(on: boolean) {
    this.setFlag(BITS.mark, on);
  }

  /**
   * Its caller's number (detector.ts `onReading`'s tag: the processor's source partition of the
   * meter), −1 until given: the high 16 bits of its first column, stored plus one, where the
   * processor kept a map entry and an object per meter for it (issue 17).
   */
  get tag(): number {
    return ((this.#c.bits[2 * this.#m] as number) >>> TAG_SHIFT) - 1;
  }

  set tag(x: number) {
    if (!Number.isInteger(x) || x < 0 || x > MAX_TAG) throw new RangeError(`meter tag ${x}: 0 to ${MAX_TAG}`);
    const i = 2 * this.#m;
    this.#c.bits[i] = ((this.#c.bits[i] as number) & 0xffff) | ((x + 1) << TAG_SHIFT);
  }

  /** The last consumed reading: every interval starts at one. */
  get anchorTs(): number {
    return this.#c.fields[this.fieldsAt + FIELD.anchorTs] as number;
  }

  /** (Tests.) The anchor moved; the remembered readings keep their times. */
  set anchorTs(ts: number) {
    const n = this.count;
    if (this.flag(BITS.wide) || n === 0) {
      this.setField(FIELD.anchorTs, ts);
      return;
    }
    const e = this.unpack(n);
    this.setField(FIELD.anchorTs, ts);
    this.store(e);
  }

  get anchorValue(): number {
    return this.#c.fields[this.fieldsAt + FIELD.anchorValue] as number;
  }

  get anchorOffset(): number {
    const wide = this.wide;
    return wide === undefined ? -1 : (wide[ANCHOR_OFFSET] as number);
  }

  /** Newest reading time accepted (consumed or not): silence is measured from it. The anchor's or a waiting one's. */
  get lastSeenTs(): number {
    const anchor = this.anchorTs;
    const newest = this.flag(BITS.one)
      ? this.field(FIELD.oneTs)
      : this.flag(BITS.many)
        ? (this.pending[this.pending.length - 1] as Pending).ts
        : anchor;
    // biome-ignore lint/complexity/useMathMinMax: a time that is NaN never counted as seen.
    return newest > anchor ? newest : anchor;
  }

  private field(f: number): number {
    return this.#c.fields[this.fieldsAt + f] as number;
  }

  private setField(f: number, x: number): void {
    this.#c.fields[this.fieldsAt + f] = x;
  }

  /** Readings remembered (the anchor is not among them), oldest first, RECENT at most. */
  private get count(): number {
    return (this.#c.bits[2 * this.#m] as number) & BITS.count;
  }

  private set count(n: number) {
    const i = 2 * this.#m;
    this.#c.bits[i] = ((this.#c.bits[i] as number) & ~BITS.count) | n;
  }

  private flag(bit: number): boolean {
    return ((this.#c.bits[2 * this.#m] as number) & bit) !== 0;
  }

  private setFlag(bit: number, on: boolean): void {
    const i = 2 * this.#m;
    this.#c.bits[i] = on ? (this.#c.bits[i] as number) | bit : (this.#c.bits[i] as number) & ~bit;
  }

  /** The remembered readings' reset flags, at bit i of the meter's second column. */
  private get resets(): number {
    return this.#c.bits[2 * this.#m + 1] as number;
  }

  private set resets(bits: number) {
    this.#c.bits[2 * this.#m + 1] = bits;
  }

  /**
   * Takes a reading. `duplicate`: the same time was already taken (feeds repeat messages; the
   * first copy wins). `late`: older than a reading already consumed; the interval it falls in
   * was attributed without it (the usage total is unaffected, only its split between hours).
   */
  offer(ts: number, value: number, reset: boolean, offset = -1): ReadingDisposition {
    const anchorTs = this.anchorTs;
    if (ts <= anchorTs) {
      if (ts === anchorTs) return 'duplicate';
      const n = this.count;
      if (n === 0) return 'late';
      const e = this.entries();
      for (let i = 0; i < n; i++) if (e[3 * i] === ts) return 'duplicate';
      // Within the remembered readings it is put back in its place (consumed first, as the
      // oldest pending); older than them, its interval is gone: late.
      if (ts < (e[0] as number)) return 'late';
    }
    if (!this.flag(BITS.many)) {
      if (this.flag(BITS.one)) {
        if (this.field(FIELD.oneTs) === ts) return 'duplicate';
        // A second one waits: both in an array, sorted as below.
        this.setPending([this.one()]);
        this.setFlag(BITS.one, false);
      } else if (offset === -1) {
        // The usual case, one reading a step: in the meter's columns, no object (issue 17).
        this.setField(FIELD.oneTs, ts);
        this.setField(FIELD.oneValue, value);
        this.setFlag(BITS.oneReset, reset);
        this.setFlag(BITS.one, true);
        return 'accepted';
      } else this.setPending([]);
    }
    const pending = this.pending;
    let i = pending.length;
    while (i > 0 && (pending[i - 1] as Pending).ts > ts) i--;
    if (i > 0 && (pending[i - 1] as Pending).ts === ts) return 'duplicate';
    pending.splice(i, 0, { ts, value, reset, offset });
    return 'accepted';
  }

  /** The single waiting reading of the `one*` columns, as an object. */
  private one(): Pending {
    return {
      ts: this.field(FIELD.oneTs),
      value: this.field(FIELD.oneValue),
      reset: this.flag(BITS.oneReset),
      offset: -1,
    };
  }

  hasPending(): boolean {
    return this.flag(BITS.one) || this.flag(BITS.many);
  }

  /** Time of the oldest reading not consumed yet (the buffer is sorted by time). */
  oldestPendingTs(): number | undefined {
    return this.flag(BITS.one) ? this.field(FIELD.oneTs) : this.pending[0]?.ts;
  }

  /** Smallest input offset among readings not consumed yet. */
  oldestPendingOffset(): number | undefined {
    if (this.flag(BITS.one)) return undefined;
    let oldest: number | undefined;
    for (const p of this.pending)
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
    if (this.flag(BITS.one)) {
      const ts = this.field(FIELD.oneTs);
      if (ts > upTo) return;
      this.setFlag(BITS.one, false);
      if (ts < this.anchorTs) this.split(this.one(), sink);
      else this.take(ts, this.field(FIELD.oneValue), this.flag(BITS.oneReset), -1, sink, first);
      return;
    }
    if (!this.flag(BITS.many)) return;
    const pending = this.pending;
    while (pending.length > 0 && (pending[0] as Pending).ts <= upTo) {
      const r = pending.shift() as Pending;
      if (r.ts < this.anchorTs) this.split(r, sink);
      else this.take(r.ts, r.value, r.reset, r.offset, sink, first);
    }
    if (pending.length === 0) {
      this.#c.pendings.delete(this.#m);
      this.setFlag(BITS.many, false);
    }
  }

  /** Reading (ts, value, reset, offset), not older than the anchor, becomes the anchor. */
  private take(
    ts: number,
    value: number,
    reset: boolean,
    offset: number,
    sink: (interval: Interval) => void,
    first: ((ts: number) => void) | undefined,
  ): void {
    // The columns hold no input offset.
    if (offset !== -1 && !this.flag(BITS.wide)) this.widen(this.unpack(this.count));
    const anchorTs = this.anchorTs;
    if (anchorTs === Number.NEGATIVE_INFINITY) first?.(ts);
    else {
      const anchorValue = this.anchorValue;
      const usage = reset ? value : value >= anchorValue ? value - anchorValue : Number.NaN;
      sink({ from: anchorTs, to: ts, usage });
      this.rememberAnchor(anchorTs, anchorValue, ts, value);
    }
    this.setField(FIELD.anchorTs, ts);
    this.setField(FIELD.anchorValue, value);
    this.setFlag(BITS.anchorReset, reset);
    const wide = this.wide;
    if (wide !== undefined) {
      wide[ANCHOR_OFFSET] = offset;
      this.retry();
    }
  }

  /**
   * The anchor (ta, va) joins the remembered readings as the newest before (ts, value) becomes the
   * anchor. In the columns, the usual step: its distance to the new anchor written, the oldest
   * dropped when RECENT are held; nothing else moves.
   */
  private rememberAnchor(ta: number, va: number, ts: number, value: number): void {
    const n = this.count;
    if (!this.flag(BITS.wide)) {
      const seconds = (ts - ta) / 1000;
      const k = thousandths(value);
      const ka = thousandths(va);
      const dk = (k as number) - (ka as number);
      if (
        seconds >= 1 &&
        seconds <= MAX_SECONDS &&
        Number.isInteger(seconds) &&
        ts - seconds * 1000 === ta &&
        dk >= MIN_THOUSANDTHS &&
        dk <= MAX_THOUSANDTHS &&
        (k as number) - dk === ka
      ) {
        const c = this.#c;
        const r = this.readingsAt;
        let i = n;
        if (n === RECENT) {
          c.move(r, r + 1, r + RECENT);
          this.resets >>>= 1;
          i = n - 1;
        } else this.count = n + 1;
        c.seconds[r + i] = seconds;
        c.thousandths[r + i] = dk;
        const resets = this.resets;
        this.resets = this.flag(BITS.anchorReset) ? resets | (1 << i) : resets & ~(1 << i);
        return;
      }
      this.widen(this.unpack(n));
    }
    this.insert(this.wide as Float64Array, n, ta, va, this.flag(BITS.anchorReset), this.anchorOffset);
  }

  /** Its entries to read (or change, then `store`): the wide array, or the columns decoded into the scratch. */
  private entries(): Float64Array {
    return this.wide ?? this.unpack(this.count);
  }

  /** The columns' n entries decoded into the scratch, back from the anchor. */
  private unpack(n: number): Float64Array {
    const c = this.#c;
    const r = this.readingsAt;
    let ts = this.anchorTs;
    let k = Math.round(this.anchorValue * 1000);
    for (let i = n - 1; i >= 0; i--) {
      ts -= 1000 * (c.seconds[r + i] as number);
      k -= c.thousandths[r + i] as number;
      scratch[3 * i] = ts;
      // + 0: an anchor of −0 gives k = −0, and −0 / 1000 read back where +0 was stored (review, session 19).
      scratch[3 * i + 1] = k / 1000 + 0;
      scratch[3 * i + 2] = -1;
    }
    scratch[ANCHOR_OFFSET] = -1;
    return scratch;
  }

  /**
   * Entries `e` (the anchor's offset last) encoded into the columns, back from the anchor; false
   * when one does not fit (what was written then is not read).
   */
  private pack(e: Float64Array): boolean {
    if (e[ANCHOR_OFFSET] !== -1) return false;
    const c = this.#c;
    const r = this.readingsAt;
    let next = this.anchorTs;
    let kNext = thousandths(this.anchorValue);
    for (let i = this.count - 1; i >= 0; i--) {
      const ts = e[3 * i] as number;
      const k = thousandths(e[3 * i + 1] as number);
      const seconds = (next - ts) / 1000;
      const dk = (kNext as number) - (k as number);
      if (
        e[3 * i + 2] !== -1 ||
        !(seconds >= 1 && seconds <= MAX_SECONDS && Number.isInteger(seconds)) ||
        next - seconds * 1000 !== ts ||
        !(dk >= MIN_THOUSANDTHS && dk <= MAX_THOUSANDTHS) ||
        (kNext as number) - dk !== k
      )
        return false;
      c.seconds[r + i] = seconds;
      c.thousandths[r + i] = dk;
      next = ts;
      kNext = k;
    }
    return true;
  }

  /** The entries changed in `e` kept: the wide array as it is, the scratch encoded (or wide if it does not fit). */
  private store(e: Float64Array): void {
    if (!this.flag(BITS.wide) && !this.pack(e)) this.widen(e);
  }

  /** The readings moved to a Float64Array of this meter's own (its slab entries are left unused). */
  private widen(e: Float64Array): void {
    const wide = new Float64Array(WIDE);
    wide.set(e);
    this.#c.wides.set(this.#m, wide);
    this.setFlag(BITS.wide, true);
    this.#c.widened++;
    // RECENT + 1: the step that did not fit is the old anchor's, which has just become the newest
    // remembered reading, and this step's own retry() counts one; RECENT would try the columns
    // once while it is still remembered, fail, and wait RECENT more (review, session 19).
    this.setRetry(RECENT + 1);
  }

  /** Kept wide: the columns tried again once the step that did not fit has left the remembered readings, then every RECENT. */
  private retry(): void {
    const i = 2 * this.#m;
    const left = (((this.#c.bits[i] as number) & RETRY) >>> RETRY_SHIFT) - 1;
    if (left > 0) {
      this.setRetry(left);
      return;
    }
    if (this.pack(this.wide as Float64Array)) {
      this.#c.wides.delete(this.#m);
      this.setFlag(BITS.wide, false);
    } else this.setRetry(RECENT);
  }

  private setRetry(n: number): void {
    const i = 2 * this.#m;
    this.#c.bits[i] = ((this.#c.bits[i] as number) & ~RETRY) | (n << RETRY_SHIFT);
  }

  private resetAt(i: number): boolean {
    return ((this.resets >>> i) & 1) === 1;
  }

  /**
   * Inserts a reading into entries `e` at index `at`; when RECENT are held, the oldest goes (the
   * new one, if it is older).
   */
  private insert(
    e: Float64Array,
    at: number,
    ts: number,
    value: number,
    reset: boolean,
    offset: number,
  ): void {
    let i = at;
    const n = this.count;
    if (n === RECENT) {
      if (at === 0) return;
      // The oldest goes: the ones before `at` move down one, the new one takes at − 1.
      e.copyWithin(0, 3, 3 * at);
      this.resets = ((this.resets & below(at)) >>> 1) | (this.resets & ~below(at));
      i = at - 1;
    } else {
      e.copyWithin(3 * (at + 1), 3 * at, 3 * n);
      this.resets = (this.resets & below(at)) | ((this.resets & ~below(at)) << 1);
      this.count = n + 1;
    }
    e[3 * i] = ts;
    e[3 * i + 1] = value;
    e[3 * i + 2] = offset;
    this.resets = reset ? this.resets | (1 << i) : this.resets & ~(1 << i);
  }

  /**
   * A late reading between two consumed ones, `prev` and `next`: the interval (prev, next] is
   * taken back and handed out again in two, so the hours get the right split and the reading is
   * counted in its hour. Around a reset, or when its register does not fit between its
   * neighbours', the split cannot be known: the reading is only remembered (a repeat is then a
   * duplicate), and the interval stays as it was.
   */
  private split(r: Pending, sink: (interval: Interval) => void): void {
    const n = this.count;
    const e = this.entries();
    let i = 0;
    while (i < n && (e[3 * i] as number) < r.ts) i++;
    if (i === 0) return; // fell out of memory while pending: nothing to split
    const prevTs = e[3 * (i - 1)] as number;
    const prevValue = e[3 * (i - 1) + 1] as number;
    const last = i === n;
    const nextTs = last ? this.anchorTs : (e[3 * i] as number);
    const nextValue = last ? this.anchorValue : (e[3 * i + 1] as number);
    const nextReset = last ? this.flag(BITS.anchorReset) : this.resetAt(i);
    this.insert(e, i, r.ts, r.value, r.reset, r.offset);
    this.store(e);
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
    const n = this.count;
    const e = this.entries();
    let i = n - 1;
    while (i > 0 && (e[3 * i] as number) > t) i--;
    if (i < 0) return { ts: this.anchorTs, offset: this.anchorOffset };
    let offset = this.anchorOffset;
    for (let j = i; j < n; j++) {
      const o = e[3 * j + 2] as number;
      if (o >= 0 && (offset < 0 || o < offset)) offset = o;
    }
    return { ts: e[3 * i] as number, offset };
  }
}
