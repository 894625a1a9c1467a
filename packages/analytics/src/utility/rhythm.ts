/**
 * A household's own rhythm, learnt from its hourly history: the median electricity at each
 * hour of the day, and, for quiet windows of k hours, the lowest ratio of actual to median
 * electricity it has shown in normal life. Medians and minima over weeks ignore a few odd
 * days; hours of an open inactivity condition are left out, so an absence is not learnt as
 * normal. Hours that either meter did not fully report are left out too.
 */
import { median, quantile } from 'simple-statistics';
import type { UtilityConfig } from './config.ts';
import { hourOfDay } from './time.ts';
import { SLOT, type UsageRing } from './usage-ring.ts';

/** Values after the 24 medians and the lowest ratios: base load, days, quiet high. */
const SCALARS = 3;

/**
 * A household's learnt rhythm, held in its ring's record of the detector's slab (learnt-slab.ts,
 * issue 17): the 24 medians, the lowest ratios, then the scalars, as float64 (the values computed,
 * unchanged).
 */
export class Rhythm {
  #values: Float64Array;
  #at: number;
  /** Length of the lowest ratios (maxQuietHours + 1). */
  readonly #windows: number;

  constructor(values: Float64Array, at: number, windows: number) {
    this.#values = values;
    this.#at = at;
    this.#windows = windows;
  }

  /** Median electricity (kWh) in hour `d` of the day (0..23, Shanghai time). */
  median(d: number): number {
    return this.#values[this.#at + d] as number;
  }

  /**
   * The lowest ratio Σ actual / Σ median seen over `k` consecutive hours (1..maxQuietHours); NaN
   * if too few windows, or beyond maxQuietHours (never asked: a quiet run stops there).
   */
  lowest(k: number): number {
    return k < this.#windows ? (this.#values[this.#at + 24 + k] as number) : Number.NaN;
  }

  /** A low quantile of hourly electricity: about the always-on load (fridge, standby). */
  get baseKwh(): number {
    return this.#values[this.#at + 24 + this.#windows] as number;
  }

  /** Days of usable hours it was learnt from. */
  get days(): number {
    return this.#values[this.#at + 25 + this.#windows] as number;
  }

  /**
   * A high quantile of hourly electricity in its quiet hours (hours that drew no water, as did
   * the hour before and after: nights, days out, cold appliances cycling); NaN if too few.
   */
  get quietHighKwh(): number {
    return this.#values[this.#at + 26 + this.#windows] as number;
  }

  /**
   * Its values as learnt (a view, not a copy): the 24 medians, the lowest ratios, the scalars. A
   * snapshot carries them (learnt-models.ts), and `hold` takes them back unchanged.
   */
  get record(): Float64Array {
    return this.#values.subarray(this.#at, this.#at + 24 + this.#windows + SCALARS);
  }

  /** Its record is taken by a newer rhythm of its ring: its values move to an array of its own. */
  detach(): void {
    const width = 24 + this.#windows + SCALARS;
    this.#values = this.#values.slice(this.#at, this.#at + width);
    this.#at = 0;
  }

  /** A rhythm in `ring`'s record (or, if the record has another width, in an array of its own). */
  static hold(
    ring: UsageRing,
    medianKwh: Float64Array,
    lowestRatio: Float64Array,
    scalars: readonly [baseKwh: number, days: number, quietHighKwh: number],
  ): Rhythm {
    const windows = lowestRatio.length;
    const width = 24 + windows + SCALARS;
    const rhythm = new Rhythm(new Float64Array(0), 0, windows);
    const index = ring.learntIndex;
    const slab = ring.learnt.rhythms.claim(index, width, rhythm);
    const values = slab ?? new Float64Array(width);
    const at = slab ? index * width : 0;
    values.set(medianKwh, at);
    values.set(lowestRatio, at + 24);
    values.set(scalars, at + 24 + windows);
    rhythm.#values = values;
    rhythm.#at = at;
    return rhythm;
  }
}

/** Quantile of the quiet hours' electricity a resumption must pass (about the 2nd–3rd highest of two weeks' nights). */
const QUIET_HIGH_QUANTILE = 0.98;

/** Fewest windows of one length for its lowest ratio to mean anything. */
const MIN_WINDOWS = 24;

/** Whether slot `s` holds an hour both meters fully reported, outside any condition. */
export function learnable(ring: UsageRing, s: number, minReadings: number): boolean {
  return (
    ring.waterCountAt(s) >= minReadings && ring.elecCountAt(s) >= minReadings && !ring.has(s, SLOT.excluded)
  );
}

/**
 * Learns from the hours of `ring` up to `through` (an hour index); undefined while history is too
 * short. `away(h)`: hours also left out (dry-spell-rule.ts leaves out days away). `from`: the
 * first hour learnt, fixed by the caller so that the same feed learns the same hours however far
 * the ring has run (long-spell-rule.ts `learntSpan`); by default the ring's oldest, which moves
 * with its newest reading.
 */
export function learnRhythm(
  ring: UsageRing,
  through: number,
  config: UtilityConfig,
  away: (h: number) => boolean = () => false,
  from?: number,
): Rhythm | undefined {
  const byHour: number[][] = Array.from({ length: 24 }, () => []);
  const all: number[] = [];
  const oldest = Math.max(ring.latest - ring.size + 1, through - ring.size + 1);
  const first = from === undefined ? oldest : Math.max(from, oldest);
  for (let h = first; h <= through; h++) {
    const s = ring.at(h);
    if (s < 0 || !learnable(ring, s, config.minReadingsPerHour) || away(h)) continue;
    const e = ring.elecAt(s);
    (byHour[hourOfDay(h)] as number[]).push(e);
    all.push(e);
  }
  const days = all.length / 24;
  if (days < config.minHistoryDays) return undefined;
  const medianKwh = new Float64Array(24);
  for (let d = 0; d < 24; d++) {
    const values = byHour[d] as number[];
    if (values.length < Math.min(3, config.minHistoryDays)) return undefined;
    medianKwh[d] = median(values);
  }
  return Rhythm.hold(ring, medianKwh, lowestRatios(ring, first, through, medianKwh, config, away), [
    quantile(all, 0.05),
    days,
    quietHigh(ring, first, through, config, away),
  ]);
}

function lowestRatios(
  ring: UsageRing,
  first: number,
  through: number,
  medianKwh: Float64Array,
  config: UtilityConfig,
  away: (h: number) => boolean,
): Float64Array {
  const maxK = config.maxQuietHours;
  const lowest = new Float64Array(maxK + 1).fill(Number.POSITIVE_INFINITY);
  const windows = new Uint32Array(maxK + 1);
  // Prefix sums over the current run of usable hours.
  const cumE: number[] = [0];
  const cumX: number[] = [0];
  for (let h = first; h <= through; h++) {
    const s = ring.at(h);
    if (s < 0 || !learnable(ring, s, config.minReadingsPerHour) || away(h)) {
      cumE.length = 1;
      cumX.length = 1;
      continue;
    }
    cumE.push((cumE[cumE.length - 1] as number) + ring.elecAt(s));
    cumX.push((cumX[cumX.length - 1] as number) + (medianKwh[hourOfDay(h)] as number));
    const n = cumE.length - 1;
    for (let k = 1; k <= Math.min(n, maxK); k++) {
      const expected = (cumX[n] as number) - (cumX[n - k] as number);
      if (expected <= 1e-6) continue;
      const ratio = ((cumE[n] as number) - (cumE[n - k] as number)) / expected;
      windows[k] = (windows[k] as number) + 1;
      if (ratio < (lowest[k] as number)) lowest[k] = ratio;
    }
  }
  for (let k = 0; k <= maxK; k++) if ((windows[k] as number) < MIN_WINDOWS) lowest[k] = Number.NaN;
  return lowest;
}

/** The quiet hours' high quantile (see `Rhythm.quietHighKwh`). */
function quietHigh(
  ring: UsageRing,
  first: number,
  through: number,
  config: UtilityConfig,
  away: (h: number) => boolean,
): number {
  const dry = (h: number): boolean => {
    const s = ring.at(h);
    return s >= 0 && learnable(ring, s, config.minReadingsPerHour) && ring.waterAt(s) <= config.waterEpsM3;
  };
  const quiet: number[] = [];
  for (let h = first + 1; h < through; h++) {
    if (away(h) || !dry(h) || !dry(h - 1) || !dry(h + 1)) continue;
    quiet.push(ring.elecAt(ring.at(h)));
  }
  return quiet.length < MIN_WINDOWS ? Number.NaN : quantile(quiet, QUIET_HIGH_QUANTILE);
}
