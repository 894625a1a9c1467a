/**
 * Store-and-forward batches as they arrived, per meter (see `ArrivalGaps.arrived`): the silence a
 * live run saw, kept for a detector that reads a meter's feed hours ahead of its watermark.
 */
import type { UtilityConfig } from './config.ts';
import type { MeterClock } from './offline.ts';
import { MINUTE } from './time.ts';

/** A meter whose last reading is this recent is reporting (15-minute meters, one missed). */
export const REPORTING_MS = 30 * MINUTE;
/**
 * The longest store-and-forward batch taken on its arrival alone (see `arrived`): meters buffer
 * hours, not days, and a longer gap is more likely a source clock thrown ahead by one reading.
 */
const MAX_BATCH_MS = 24 * 60 * MINUTE;
/** The detector's watermark steps. */
const STEP = 15 * MINUTE;

/**
 * A meter's readings of `(from, …]` that reached the detector only once its own feed was at
 * `until`: a store-and-forward batch. `confirmed` once the batch is seen to reach the present.
 */
interface ArrivalGap {
  from: number;
  until: number;
  confirmed: boolean;
  /** `until` when it was opened: the feed's clock, shared by every gap a clock jump opened. */
  clock: number;
  /**
   * Whether, when it opened, other meters had already reported at that clock without a gap: a
   * flush comes while the partition's other meters report at the present; a clock thrown ahead
   * by one reading stamped in the future has no meter at it (every meter's next reading is hours
   * behind it, and opens a gap).
   */
  atPresent: boolean;
}

/**
 * Meters whose gaps opened at one and the same feed clock before it is taken for the clock, not
 * the meters: a jump holds a partition's clock still while each of its meters reports once, a
 * store-and-forward batch arrives while the clock moves.
 */
const SAME_CLOCK_METERS = 3;
/** The quarter-hour bucket of a feed clock, in which meters reporting at the present are noted. */
const bucket = (clock: number): number => Math.floor(clock / STEP);

export class ArrivalGaps {
  readonly #config: UtilityConfig;
  readonly #meterClock: MeterClock | undefined;
  /** Store-and-forward batches not yet judged, by meter id (few: only meters that sent one). */
  readonly #gaps = new Map<string, ArrivalGap[]>();
  /** How many gaps (of any meter) opened at each feed clock. */
  readonly #opened = new Map<number, number>();
  /**
   * Quarter-hour buckets of feed clocks at which some meter reported at the present (its reading
   * within `REPORTING_MS` of its feed's clock) without opening a gap: a few days' worth at most,
   * pruned as the watermark passes.
   */
  readonly #present = new Set<number>();
  #lastPresent = Number.NaN;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(config: UtilityConfig, meterClock: MeterClock | undefined) {
    this.#config = config;
    this.#meterClock = meterClock;
  }

  /**
   * A reading newer than any before it from this meter was accepted; `previous` was the newest
   * until then, `watermark` the detector's. A live run sees a store-and-forward batch as silence:
   * nothing comes from the meter for hours, then hours of readings at once. Judged in event time
   * after the batch is in, as a replay or a backlog does (its partition read hours ahead of the
   * watermark), the batch fills the silence before the watermark reaches it, and the meter never
   * looked silent (every meter_offline missed through Kafka, 17 of 17 on development data, was
   * such a batch). So the silence is kept as it arrived: when this reading came, the meter's own
   * feed was at `until`, and nothing newer than `previous` had come from it. Kept only while the
   * watermark has not judged `previous + offlineAfterMs` yet (after that the readings themselves
   * showed it), and taken for a batch only once the meter's readings reach the present before
   * then (`confirmed`): a source clock thrown ahead by one reading stamped in the future makes
   * every meter of the partition look late, but their readings do not catch up with it.
   */
  arrived(meterId: string, previous: number, ts: number, watermark: number): void {
    const { offlineAfterMs } = this.#config;
    const gaps = this.#gaps.get(meterId);
    const last = gaps?.at(-1);
    if (last !== undefined && !last.confirmed && ts >= last.until - REPORTING_MS)
      last.confirmed = watermark < last.from + offlineAfterMs;
    const until = this.#meterClock?.(meterId) ?? watermark;
    if (!Number.isFinite(until)) return;
    if (!(until - previous >= offlineAfterMs)) {
      // No gap (or the meter's first reading): a meter reporting at the present of its feed.
      if (ts >= until - REPORTING_MS && bucket(until) !== this.#lastPresent) {
        this.#lastPresent = bucket(until);
        this.#present.add(this.#lastPresent);
      }
      return;
    }
    if (!(watermark < previous + offlineAfterMs) || until - previous > MAX_BATCH_MS) return;
    // The batch's later readings each open the same gap again from a later reading: one batch.
    if (last !== undefined && previous < last.until) {
      last.until = Math.max(last.until, until);
      return;
    }
    const atPresent = this.#present.has(bucket(until)) || this.#present.has(bucket(until - REPORTING_MS));
    const gap = { from: previous, until, confirmed: ts >= until - REPORTING_MS, clock: until, atPresent };
    this.#opened.set(until, (this.#opened.get(until) ?? 0) + 1);
    if (gaps === undefined) this.#gaps.set(meterId, [gap]);
    else gaps.push(gap);
  }

  /**
   * The meter's last reading as a live run saw it at `now`: its newest consumed, unless `now`
   * falls in a batch's silence, when it is the reading before the batch. Gaps behind `now` go.
   */
  lastAt(meterId: string, anchorTs: number, now: number): number {
    const gaps = this.#gaps.get(meterId);
    if (gaps === undefined) return anchorTs;
    const { offlineAfterMs } = this.#config;
    // Passed, or never confirmed while it could still be judged: nothing more to say.
    while (gaps.length > 0) {
      const g = gaps[0] as ArrivalGap;
      if (!(g.until <= now || (!g.confirmed && g.from + offlineAfterMs <= now))) break;
      gaps.shift();
      const n = (this.#opened.get(g.clock) ?? 1) - 1;
      if (n > 0) this.#opened.set(g.clock, n);
      else this.#opened.delete(g.clock);
    }
    if (gaps.length === 0) this.#gaps.delete(meterId);
    const g = gaps[0];
    // Many meters' gaps at one clock are a clock thrown ahead, unless meters reported at that
    // clock before them: then they are many meters' batches flushed at once (a concentrator back).
    const batch =
      g?.confirmed === true && (g.atPresent || (this.#opened.get(g.clock) ?? 0) < SAME_CLOCK_METERS);
    return batch && g.from <= now ? Math.min(g.from, anchorTs) : anchorTs;
  }

  /** Forgets present-clock buckets a day older than the watermark (no feed's clock is behind it), hourly. */
  prune(at: number): void {
    if (at - this.#prunedAt < 60 * MINUTE) return;
    this.#prunedAt = at;
    const oldest = bucket(at - MAX_BATCH_MS);
    for (const b of this.#present) if (b < oldest) this.#present.delete(b);
  }
}
