/**
 * One meter's cumulative readings turned into usage intervals. Readings may arrive twice, out
 * of order, hours late or after a gap; a replaced meter restarts counting (`reset`). Readings
 * wait in a small sorted buffer until the caller consumes them up to a watermark, so that an
 * out-of-order reading still lands in the right interval.
 */

/** Usage between two consecutive readings: `(from, to]`. `usage` is NaN when it cannot be known. */
export interface Interval {
  from: number;
  to: number;
  usage: number;
}

export type ReadingDisposition = 'accepted' | 'duplicate' | 'late';

interface Pending {
  ts: number;
  value: number;
  reset: boolean;
  offset: number;
}

/** How many consumed reading times are remembered to tell a repeat from a late reading. */
const RECENT = 8;

export class MeterTrack {
  /** The last consumed reading: every interval starts at one. */
  anchorTs = Number.NEGATIVE_INFINITY;
  anchorValue = 0;
  anchorOffset = -1;
  /** Newest reading time accepted (consumed or not): silence is measured from it. */
  lastSeenTs = Number.NEGATIVE_INFINITY;
  readonly #pending: Pending[] = [];
  /** Times and offsets of the last consumed readings, oldest first (the anchor is not among them). */
  readonly #recent: number[] = [];
  readonly #recentOffsets: number[] = [];

  /**
   * Takes a reading. `duplicate`: the same time was already taken (feeds repeat messages; the
   * first copy wins). `late`: older than a reading already consumed; the interval it falls in
   * was attributed without it (the usage total is unaffected, only its split between hours).
   */
  offer(ts: number, value: number, reset: boolean, offset = -1): ReadingDisposition {
    if (ts <= this.anchorTs) {
      return ts === this.anchorTs || this.#recent.includes(ts) ? 'duplicate' : 'late';
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
      if (this.anchorTs === Number.NEGATIVE_INFINITY) first?.(r.ts);
      else {
        const usage = r.reset
          ? r.value
          : r.value >= this.anchorValue
            ? r.value - this.anchorValue
            : Number.NaN;
        sink({ from: this.anchorTs, to: r.ts, usage });
        this.#recent.push(this.anchorTs);
        this.#recentOffsets.push(this.anchorOffset);
        if (this.#recent.length > RECENT) {
          this.#recent.shift();
          this.#recentOffsets.shift();
        }
      }
      this.anchorTs = r.ts;
      this.anchorValue = r.value;
      this.anchorOffset = r.offset;
    }
  }

  /**
   * The newest consumed reading at or before `t` (where an interval crossing `t` starts), from
   * the last few consumed; the oldest remembered one when all are later.
   */
  consumedAtOrBefore(t: number): { ts: number; offset: number } | undefined {
    if (this.anchorTs === Number.NEGATIVE_INFINITY) return undefined;
    if (this.anchorTs <= t) return { ts: this.anchorTs, offset: this.anchorOffset };
    for (let i = this.#recent.length - 1; i >= 0; i--) {
      if ((this.#recent[i] as number) <= t)
        return { ts: this.#recent[i] as number, offset: this.#recentOffsets[i] as number };
    }
    return this.#recent.length > 0
      ? { ts: this.#recent[0] as number, offset: this.#recentOffsets[0] as number }
      : { ts: this.anchorTs, offset: this.anchorOffset };
  }
}
