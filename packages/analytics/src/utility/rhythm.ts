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

export interface Rhythm {
  /** Median electricity (kWh) in each hour of the day (index 0..23, Shanghai time). */
  medianKwh: Float64Array;
  /** Index k: the lowest ratio Σ actual / Σ median seen over k consecutive hours; NaN if too few windows. */
  lowestRatio: Float64Array;
  /** A low quantile of hourly electricity: about the always-on load (fridge, standby). */
  baseKwh: number;
  /** Days of usable hours it was learnt from. */
  days: number;
  /**
   * A high quantile of hourly electricity in its quiet hours (hours that drew no water, as did
   * the hour before and after: nights, days out, cold appliances cycling); NaN if too few.
   */
  quietHighKwh: number;
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
 * short. `away(h)`: hours also left out (dry-spell-rule.ts leaves out days away).
 */
export function learnRhythm(
  ring: UsageRing,
  through: number,
  config: UtilityConfig,
  away: (h: number) => boolean = () => false,
): Rhythm | undefined {
  const byHour: number[][] = Array.from({ length: 24 }, () => []);
  const all: number[] = [];
  const first = Math.max(ring.latest - ring.size + 1, through - ring.size + 1);
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
  return {
    medianKwh,
    lowestRatio: lowestRatios(ring, first, through, medianKwh, config, away),
    baseKwh: quantile(all, 0.05),
    days,
    quietHighKwh: quietHigh(ring, first, through, config, away),
  };
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
