import type { TyphoonAdvisory } from '@onegrid/contracts';
import { toEpochMs } from '@onegrid/contracts';
import { BAND } from './levels.ts';
import { earlier, leadHours, type WindArrivals, windArrivals } from './wind-arrival.ts';
import type { LatLon } from './wind-circle.ts';

/** Settings of the forecast component (defaults in config.ts). */
export interface ForecastSettings {
  /** The 7级 circle due within this many hours makes blue (台风蓝色预警: within 24 h). */
  r7LeadH: number;
  /** The 10级 circle due within this many hours makes yellow (台风橙色预警 reads 12 h for 10级). */
  r10LeadH: number;
  /** An advisory older than this (ms) no longer counts: the next one is overdue. */
  advisoryMaxAgeMs: number;
}

export interface ForecastPart {
  /** 0..1, never above the top of yellow: orange and red need the wind measured. */
  hazard: number;
  /** Whether any advisory (of any storm) was fresh at the evaluation time. */
  advised: boolean;
  arrivals: WindArrivals;
  /** The storm whose circle arrives first, and its advisory's time. */
  stormId?: string;
  advisoryTs?: string;
}

/** Before any advisory nothing is known of either circle. */
const NO_ARRIVALS: WindArrivals = { r7: { kind: 'unknown' }, r10: { kind: 'unknown' } };

/**
 * A band's hazard from the lead time of an arrival: the band's floor when due at the edge of
 * the window, rising linearly to just under the next band when already inside. Shorter lead,
 * higher hazard: monotone.
 */
function ramp(lead: number | undefined, windowH: number, floor: number): number {
  if (lead === undefined || lead > windowH) return 0;
  const progress = Math.min(0.999, Math.max(0, (windowH - lead) / windowH));
  return floor + BAND * progress;
}

/** The forecast hazard of arrivals seen at `at`: the larger of the 7级 and the 10级 ramps. */
export function forecastHazard(arrivals: WindArrivals, at: number, s: ForecastSettings): number {
  const r7 = ramp(leadHours(arrivals.r7, at), s.r7LeadH, BAND);
  const r10 = ramp(leadHours(arrivals.r10, at), s.r10LeadH, 2 * BAND);
  return Math.max(r7, r10);
}

/**
 * The forecast part of a district's assessment at `at`: over the latest advisory (ts ≤ at) of
 * each storm still fresh, when the wind circles first reach any of `places` (the district's
 * stations). No advisory: hazard 0 and `advised` false, so the score says it has no forecast.
 */
export function assessForecast(
  advisories: readonly TyphoonAdvisory[],
  places: readonly LatLon[],
  at: number,
  s: ForecastSettings,
): ForecastPart {
  let arrivals = NO_ARRIVALS;
  let best: { stormId: string; ts: string } | undefined;
  let advised = false;
  for (const a of advisories) {
    const t = toEpochMs(a.ts);
    if (t > at || at - t > s.advisoryMaxAgeMs) continue;
    advised = true;
    const w = windArrivals(a, places, at);
    const r7 = earlier(arrivals.r7, w.r7);
    const r10 = earlier(arrivals.r10, w.r10);
    if (best === undefined || r7 !== arrivals.r7 || r10 !== arrivals.r10)
      best = { stormId: a.storm_id, ts: a.ts };
    arrivals = { r7, r10 };
  }
  const part: ForecastPart = { hazard: forecastHazard(arrivals, at, s), advised, arrivals };
  if (best !== undefined) {
    part.stormId = best.stormId;
    part.advisoryTs = best.ts;
  }
  return part;
}
