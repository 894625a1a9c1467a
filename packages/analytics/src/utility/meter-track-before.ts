/**
 * TEST REFERENCE (issue 17): MeterTrack as it was before its state moved to the slab's columns
 * (commit 97902de), with its readings kept wide: an object's own fields and a Float64Array.
 * recent-slab.test.ts checks the track in the slab against it, output for output.
 *
 * One meter's cumulative readings turned into usage intervals. Readings may arrive twice, out
 * of order, hours late or after a gap; a replaced meter restarts counting (`reset`). Readings
 * wait in a small sorted buffer until the caller consumes them up to a watermark, so that an
 * out-of-order reading still lands in the right interval.
 */

import type { Interval, ReadingDisposition } from './meter-track.ts';
import { RECENT } from './recent-slab.ts';

/** The readings' wide layout as it was: time, value and input offset of entry i at 3i, 3i + 1, 3i + 2. */
class RecentReadings {
  readonly #wide = new Float64Array(3 * RECENT);
  ts(i: number): number {
    return this.#wide[3 * i] as number;
  }
  value(i: number): number {
    return this.#wide[3 * i + 1] as number;
  }
  offset(i: number): number {
    return this.#wide[3 * i + 2] as number;
  }
  write(i: number, ts: number, value: number, offset: number): void {
    this.#wide[3 * i] = ts;
    this.#wide[3 * i + 1] = value;
    this.#wide[3 * i + 2] = offset;
  }
  move(to: number, from: number, end: number): void {
    this.#wide.copyWithin(3 * to, 3 * from, 3 * end);
  }
}

interface Pending {
  ts: number;
  value: number;
  reset: boolean;
  offset: number;
}

/** Bits 0…n−1 of a mask. */
const below = (n: number): number => (n >= 31 ? -1 : (1 << n) - 1);

export class MeterTrackBefore {
  /** The last consumed reading: every interval starts at one. */
  anchorTs = Number.NEGATIVE_INFINITY;
  anchorValue = 0;
  anchorOffset = -1;
  /** Newest reading time accepted (consumed or not): silence is measured from it. */
  lastSeenTs = Number.NEGATIVE_INFINITY;
  readonly #pending: Pending[] = [];
  /**
   * The last consumed readings, oldest first (the anchor is not among them), RECENT at most
   * (recent-slab.ts), their reset flags at bit i of `#resets`.
   */
  readonly #recent = new RecentReadings();
  #count = 0;
  #resets = 0;
  #anchorReset = false;

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
    const pending = this.#pending;
    let i = pending.length;
    while (i > 0 && (pending[i - 1] as Pending).ts > ts) i--;
    if (i > 0 && (pending[i - 1] as Pending).ts === ts) return 'duplicate';
    pending.splice(i, 0, { ts, value, reset, offset });
    if (ts > this.lastSeenTs) this.lastSeenTs = ts;
    return 'accepted';
  }

  hasPending(): boolean {
    return this.#pending.length > 0;
  }

  /** Time of the oldest reading not consumed yet (the buffer is sorted by time). */
  oldestPendingTs(): number | undefined {
    return this.#pending[0]?.ts;
  }

  /** Smallest input offset among readings not consumed yet. */
  oldestPendingOffset(): number | undefined {
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
    const pending = this.#pending;
    while (pending.length > 0 && (pending[0] as Pending).ts <= upTo) {
      const r = pending.shift() as Pending;
      if (r.ts < this.anchorTs) {
        this.#split(r, sink);
        continue;
      }
      if (this.anchorTs === Number.NEGATIVE_INFINITY) first?.(r.ts);
      else {
        const usage = r.reset
          ? r.value
          : r.value >= this.anchorValue
            ? r.value - this.anchorValue
            : Number.NaN;
        sink({ from: this.anchorTs, to: r.ts, usage });
        this.#remember(this.#count, this.anchorTs, this.anchorValue, this.#anchorReset, this.anchorOffset);
      }
      this.anchorTs = r.ts;
      this.anchorValue = r.value;
      this.anchorOffset = r.offset;
      this.#anchorReset = r.reset;
    }
  }

  #ts(i: number): number {
    return this.#recent.ts(i);
  }

  #value(i: number): number {
    return this.#recent.value(i);
  }

  #offset(i: number): number {
    return this.#recent.offset(i);
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
      this.#recent.move(0, 1, at);
      this.#resets = ((this.#resets & below(at)) >>> 1) | (this.#resets & ~below(at));
      i = at - 1;
    } else {
      this.#recent.move(at + 1, at, this.#count);
      this.#resets = (this.#resets & below(at)) | ((this.#resets & ~below(at)) << 1);
      this.#count++;
    }
    this.#recent.write(i, ts, value, offset);
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
    const nextReset = last ? this.#anchorReset : this.#reset(i);
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
