/**
 * When a run of water is a tap left running, judged against the household's own water rhythm
 * (never one fixed run length, which a large family's evening peak exceeds):
 * - `steady`: it has flowed for `waterSteadyMs` at a rate too even to be people drawing it;
 * - `dry_hours`: `waterDryMs` of it fell in hours of the day this household almost never uses
 *   water in;
 * - `longer_than_usual`: it is longer than the household's own longest run of heavy use at
 *   those hours of the day by `waterMarginMs`, and at least `waterRunningMs`.
 * Before the household has a profile only `steady` applies, and a run of `waterFallbackMs`.
 * These look at the streak of intervals at or above `waterRunningMinFlowM3h`; a trickle under it
 * (a run down to `waterTrickleMinFlowM3h`) is a tap when steady for `waterTrickleSteadyMs`, or
 * once `waterTrickleDryMs` of it fell in the household's dry hours.
 * `steady` also holds when the run's latest intervals alone have been that steady that long (its
 * steady tail): a tap with people drawing water on top of it now and then (`waterSteadyTail`);
 * the tail passes over a few intervals above it (`waterTailAboveShare`): a draw adds to a tap.
 */
import type { UtilityConfig } from './config.ts';
import { HOUR, hourIndex, hourOfDay } from './time.ts';
import type { WaterRun as FlowRun } from './water-flow.ts';
import type { WaterProfile } from './water-profile.ts';

export type RunningReason = 'steady' | 'dry_hours' | 'longer_than_usual' | 'long_without_history';

export interface RunningVerdict {
  reason: RunningReason;
  /** Start of the run the verdict is about: the streak at the running flow, or the whole trickle. */
  since: number;
  /** The run length this household's own history allows at those hours, in hours (when used). */
  usualHours?: number;
}

/** Time of `(from, to]` that falls in hours of the day whose wet share is at most `share`. */
function dryTime(profile: WaterProfile, from: number, to: number, share: number): number {
  let total = 0;
  for (let h = hourIndex(from); h * HOUR < to; h++) {
    if (profile.wetShare(hourOfDay(h)) > share) continue;
    total += Math.min(to, (h + 1) * HOUR) - Math.max(from, h * HOUR);
  }
  return total;
}

/** The household's longest heavy run over the hours of the day `(from, to]` touches, in hours. */
function usualHours(profile: WaterProfile, from: number, to: number): number {
  let longest = 0;
  for (let h = hourIndex(from); h * HOUR < to; h++) {
    longest = Math.max(longest, profile.longestHeavyHours(hourOfDay(h)));
  }
  return longest;
}

export function judgeRun(
  flow: FlowRun,
  profile: WaterProfile | undefined,
  config: UtilityConfig,
): RunningVerdict | undefined {
  const verdict = judgeHigh(flow, profile, config);
  if (verdict) return verdict;
  // A trickle (any run down to `waterTrickleMinFlowM3h`): a tap only when long and steady.
  const length = flow.duration();
  if (length >= config.waterTrickleSteadyMs && flow.rateCv() <= config.waterSteadyCv)
    return { reason: 'steady', since: flow.start };
  // Or its tail has been steady that long: people drew water on top of the tap, then stopped.
  if (config.waterSteadyTail !== 'off' && flow.tailDuration() >= config.waterTrickleSteadyMs)
    return { reason: 'steady', since: flow.start };
  // Or it has flowed, steadily, through hours this household draws no water in (a night trickle).
  // Steady as the 3-h rule asks (lead, review of wip-water13): an uneven hour of hand-washing or
  // filling in a dry hour is people, and without it one such hour at 0.06 m3/h alerted.
  if (
    config.waterTrickleDryMs > 0 &&
    profile &&
    flow.rateCv() <= config.waterSteadyCv &&
    dryTime(profile, flow.start, flow.end, config.waterDryShare) >= config.waterTrickleDryMs
  )
    return { reason: 'dry_hours', since: flow.start };
  return undefined;
}

/** The rules chosen on runs at or above `waterRunningMinFlowM3h`, on the streak of such intervals. */
function judgeHigh(
  flow: FlowRun,
  profile: WaterProfile | undefined,
  config: UtilityConfig,
): RunningVerdict | undefined {
  const length = flow.highDuration();
  if (length <= 0) return undefined;
  const since = flow.highStart;
  const cv = flow.highCv();
  if (length >= config.waterSteadyMs && cv <= config.waterSteadyCv) return { reason: 'steady', since };
  // The same on the streak's steady tail (all of it at the running flow: it began inside the streak).
  if (
    config.waterSteadyTail === 'all' &&
    flow.tailStart >= since &&
    flow.tailDuration() >= config.waterSteadyMs
  )
    return { reason: 'steady', since };
  if (!profile)
    return length >= config.waterFallbackMs ? { reason: 'long_without_history', since } : undefined;
  if (dryTime(profile, since, flow.end, config.waterDryShare) >= config.waterDryMs)
    return { reason: 'dry_hours', since };
  const usual = usualHours(profile, since, flow.end);
  if (length >= Math.max(config.waterRunningMs, usual * HOUR + config.waterMarginMs)) {
    return { reason: 'longer_than_usual', usualHours: usual, since };
  }
  return undefined;
}
