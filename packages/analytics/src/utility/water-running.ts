/**
 * When a run of water is a tap left running, judged against the household's own water rhythm
 * (never one fixed run length, which a large family's evening peak exceeds):
 * - `steady`: it has flowed for `waterSteadyMs` at a rate too even to be people drawing it;
 * - `dry_hours`: `waterDryMs` of it fell in hours of the day this household almost never uses
 *   water in;
 * - `longer_than_usual`: it is longer than the household's own longest run of heavy use at
 *   those hours of the day by `waterMarginMs`, and at least `waterRunningMs`.
 * Before the household has a profile only `steady` applies, and a run of `waterFallbackMs`.
 */
import type { UtilityConfig } from './config.ts';
import { HOUR, hourIndex, hourOfDay } from './time.ts';
import type { FlowRun } from './water-flow.ts';
import type { WaterProfile } from './water-profile.ts';

export type RunningReason = 'steady' | 'dry_hours' | 'longer_than_usual' | 'long_without_history';

export interface RunningVerdict {
  reason: RunningReason;
  /** The run length this household's own history allows at those hours, in hours (when used). */
  usualHours?: number;
}

/** Time of `(from, to]` that falls in hours of the day whose wet share is at most `share`. */
function dryTime(profile: WaterProfile, from: number, to: number, share: number): number {
  let total = 0;
  for (let h = hourIndex(from); h * HOUR < to; h++) {
    if ((profile.wetShare[hourOfDay(h)] as number) > share) continue;
    total += Math.min(to, (h + 1) * HOUR) - Math.max(from, h * HOUR);
  }
  return total;
}

/** The household's longest heavy run over the hours of the day `(from, to]` touches, in hours. */
function usualHours(profile: WaterProfile, from: number, to: number): number {
  let longest = 0;
  for (let h = hourIndex(from); h * HOUR < to; h++) {
    longest = Math.max(longest, profile.longestHeavyHours[hourOfDay(h)] as number);
  }
  return longest;
}

export function judgeRun(
  flow: FlowRun,
  profile: WaterProfile | undefined,
  config: UtilityConfig,
): RunningVerdict | undefined {
  const length = flow.duration();
  if (length <= 0) return undefined;
  const cv = flow.rateCv();
  if (flow.flowM3h() < config.waterRunningMinFlowM3h) {
    // A trickle: only a long steady one is a tap (see `waterTrickleMinFlowM3h`).
    return length >= config.waterTrickleSteadyMs && cv <= config.waterSteadyCv
      ? { reason: 'steady' }
      : undefined;
  }
  if (length >= config.waterSteadyMs && cv <= config.waterSteadyCv) return { reason: 'steady' };
  if (!profile) return length >= config.waterFallbackMs ? { reason: 'long_without_history' } : undefined;
  if (dryTime(profile, flow.start, flow.end, config.waterDryShare) >= config.waterDryMs)
    return { reason: 'dry_hours' };
  const usual = usualHours(profile, flow.start, flow.end);
  if (length >= Math.max(config.waterRunningMs, usual * HOUR + config.waterMarginMs)) {
    return { reason: 'longer_than_usual', usualHours: usual };
  }
  return undefined;
}
