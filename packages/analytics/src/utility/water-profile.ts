/**
 * A household's own water rhythm, for `water_running`: which hours of the day are dry for it,
 * and how long its own runs of heavy use last at each hour of the day. Learnt from the same
 * hourly history as the inactivity rhythm (so a restart rebuilds it from the stored hours),
 * once a day, from hours older than a day.
 *
 * A tap left running is water that flows where this household's water does not: through its
 * dry hours, for longer than its own long runs at that time, or so steadily that no person is
 * drawing it. A family's evening peak is none of these for that family.
 */
import type { UtilityConfig } from './config.ts';
import { learnable } from './rhythm.ts';
import { hourOfDay } from './time.ts';
import type { UsageRing } from './usage-ring.ts';

export interface WaterProfile {
  /** Per hour of the day: share of days its hour drew any water. */
  wetShare: Float64Array;
  /**
   * Per hour of the day: the longest run of consecutive heavy hours (at least the running
   * flow for the whole hour) that covered it, in hours.
   */
  longestHeavyHours: Float64Array;
  /** Days of usable hours it was learnt from. */
  days: number;
}

/** Learns from the hours of `ring` up to `through`; undefined below `minHistoryDays` usable days. */
export function learnWaterProfile(
  ring: UsageRing,
  through: number,
  config: UtilityConfig,
): WaterProfile | undefined {
  const wet = new Float64Array(24);
  const seen = new Float64Array(24);
  const longest = new Float64Array(24);
  const heavyM3 = config.waterRunningMinFlowM3h;
  let usable = 0;
  let streakFrom = Number.NaN;
  const closeStreak = (to: number) => {
    if (Number.isNaN(streakFrom)) return;
    const length = to - streakFrom;
    for (let x = streakFrom; x < to; x++) {
      const d = hourOfDay(x);
      if (length > (longest[d] as number)) longest[d] = length;
    }
    streakFrom = Number.NaN;
  };
  const first = Math.max(ring.latest - ring.size + 1, through - ring.size + 1);
  for (let h = first; h <= through; h++) {
    const s = ring.at(h);
    if (s < 0 || !learnable(ring, s, config.minReadingsPerHour)) {
      closeStreak(h);
      continue;
    }
    usable++;
    const d = hourOfDay(h);
    const water = ring.waterAt(s);
    seen[d] = (seen[d] as number) + 1;
    if (water > config.waterEpsM3) wet[d] = (wet[d] as number) + 1;
    if (water >= heavyM3) {
      if (Number.isNaN(streakFrom)) streakFrom = h;
    } else closeStreak(h);
  }
  closeStreak(through + 1);
  const days = usable / 24;
  if (days < config.minHistoryDays) return undefined;
  const wetShare = new Float64Array(24);
  for (let d = 0; d < 24; d++)
    wetShare[d] = (seen[d] as number) > 0 ? (wet[d] as number) / (seen[d] as number) : 1;
  return { wetShare, longestHeavyHours: longest, days };
}
