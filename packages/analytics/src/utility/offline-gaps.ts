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
}

/**
 * Meters whose gaps opened at one and the same feed clock before it is taken for the clock, not
 * the meters: a jump holds a partition's clock still while each of its meters reports once, a
 * store-and-forward batch arrives while the clock moves.
 */
const SAME_CLOCK_METERS = 3;

export class ArrivalGaps {
  readonly #config: UtilityConfig;
  readonly #meterClock: MeterClock | undefined;
  /** Store-and-forward batches not yet judged, by meter id (few: only meters that sent one). */
  readonly #gaps = new Map<string, ArrivalGap[]>();
  /** How many gaps (of any meter) opened at each feed clock. */
  readonly #opened = new Map<number, number>();

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
  arrived(meterId: string, tag: number, previous: number, ts: number, watermark: number): void {
    const { offlineAfterMs } = this.#config;
    // Asked for every reading; nearly always no meter holds a batch.
    const gaps = this.#gaps.size > 0 ? this.#gaps.get(meterId) : undefined;
    const last = gaps?.at(-1);
    if (last !== undefined && !last.confirmed && ts >= last.until - REPORTING_MS)
      last.confirmed = watermark < last.from + offlineAfterMs;
    const until = this.#meterClock?.(meterId, tag) ?? watermark;
    if (!Number.isFinite(until)) return;
    if (!(until - previous >= offlineAfterMs)) return;
    if (!(watermark < previous + offlineAfterMs) || until - previous > MAX_BATCH_MS) return;
    // The batch's later readings each open the same gap again from a later reading: one batch.
    if (last !== undefined && previous < last.until) {
      last.until = Math.max(last.until, until);
      return;
    }
    const gap = { from: previous, until, confirmed: ts >= until - REPORTING_MS, clock: until };
    this.#opened.set(until, (this.#opened.get(until) ?? 0) + 1);
    if (gaps === undefined) this.#gaps.set(meterId, [gap]);
    else gaps.push(gap);
  }

  /** Whether a batch of this meter's is held (`lastAt` may then differ from its newest reading). */
  holds(meterId: string): boolean {
    return this.#gaps.size > 0 && this.#gaps.has(meterId);
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
    const batch = g?.confirmed === true && (this.#opened.get(g.clock) ?? 0) < SAME_CLOCK_METERS;
    return batch && g.from <= now ? Math.min(g.from, anchorTs) : anchorTs;
  }
}
