import type { RiskLevel, RiskScore } from '@onegrid/contracts';
import { isoCstSeconds } from '@onegrid/contracts';
import type { Assessment } from './assess.ts';
import type { DistrictRegistry } from './district-registry.ts';
import { bandLevel } from './levels.ts';
import { beaufort } from './thresholds.ts';
import { type Arrival, leadHours } from './wind-arrival.ts';

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const r1 = (v: number | undefined): number | null => (v === undefined ? null : Math.round(v * 10) / 10);
const share = (n: number, of: number): number => (of === 0 ? 1 : r3(n / of));

/**
 * The feeds a district has devices for but heard nothing fresh from: the score rests on the
 * others (degraded), and a missing hazard reads "unknown", not "calm".
 */
export function missingFeeds(a: Assessment): ('weather' | 'water')[] {
  const missing: ('weather' | 'water')[] = [];
  if (a.wind.of > 0 && a.wind.reporting === 0 && a.rain.reporting === 0) missing.push('weather');
  if (a.water.of > 0 && a.water.reporting === 0) missing.push('water');
  return missing;
}

/**
 * The contract RiskScore of an assessment. Beyond the four named components it carries the share
 * of the district's devices that reported (`*_coverage`, 0..1): a low coverage means a component
 * rests on few stations and may understate the hazard; and `weather_missing`, `water_missing`
 * and `degraded` (0 or 1): a feed of the district is silent and the score rests on the others.
 * `forecast` is the typhoon advisories' part (0..1); `forecast_missing` (0 or 1) says no fresh
 * advisory was at hand: an optional feed, so it does not make the score `degraded`.
 */
export function riskScoreOf(district: string, a: Assessment): RiskScore {
  const missing = missingFeeds(a);
  return {
    district,
    ts: isoCstSeconds(a.at),
    score: a.combined.score,
    level: a.combined.level,
    components: {
      wind: r3(a.wind.hazard),
      rain: r3(a.rain.hazard),
      water: r3(a.water.hazard),
      exposure: r3(a.exposure.value),
      wind_coverage: share(a.wind.reporting, a.wind.of),
      rain_coverage: share(a.rain.reporting, a.rain.of),
      water_coverage: share(a.water.reporting, a.water.of),
      weather_missing: missing.includes('weather') ? 1 : 0,
      water_missing: missing.includes('water') ? 1 : 0,
      degraded: missing.length > 0 ? 1 : 0,
      forecast: r3(a.forecast.hazard),
      forecast_missing: a.forecast.advised ? 0 : 1,
    },
  };
}

/** What a typhoon_risk alert shows: the figures behind the level, counts only, no personal data. */
export function typhoonEvidence(
  a: Assessment,
  level: RiskLevel,
  registry: DistrictRegistry,
  shelterFree: number,
): Record<string, unknown> {
  const drivers = (['wind', 'rain', 'water', 'forecast'] as const).filter(
    (k) => bandLevel(a[k].hazard) === a.combined.level || a[k].hazard === a.combined.hazard,
  );
  return {
    level,
    level_now: a.combined.level,
    score: a.combined.score,
    drivers,
    missing_feeds: missingFeeds(a),
    components: riskScoreOf(registry.district, a).components,
    wind: {
      station_id: a.wind.stationId ?? null,
      mean_ms: r1(a.wind.meanMs),
      gust_ms: r1(a.wind.gustMs),
      beaufort_mean: a.wind.meanMs === undefined ? null : beaufort(a.wind.meanMs),
      beaufort_gust: a.wind.gustMs === undefined ? null : beaufort(a.wind.gustMs),
      stations_reporting: a.wind.reporting,
      stations: a.wind.of,
    },
    rain: {
      station_id: a.rain.stationId ?? null,
      mm: Object.fromEntries(Object.entries(a.rain.accumulations).map(([k, v]) => [k, r1(v)])),
      stations_reporting: a.rain.reporting,
      stations: a.rain.of,
    },
    water: {
      gauge_id: a.water.gaugeId ?? null,
      level_m: a.water.levelM ?? null,
      rise_m_per_h: a.water.riseMPerH === undefined ? null : r3(a.water.riseMPerH),
      gauges_reporting: a.water.reporting,
      gauges: a.water.of,
    },
    forecast: forecastEvidence(a),
    exposure: {
      population: registry.population,
      households: registry.households,
      vulnerable_households: registry.vulnerableHouseholds,
      shelter_capacity: registry.shelterCapacity,
      shelter_free: shelterFree,
    },
  };
}

/** An arrival as evidence: "inside", the CST time it is due, or null (none within the forecast, or no radius). */
function arrivalText(x: Arrival): string | null {
  if (x.kind === 'inside') return 'inside';
  return x.kind === 'arrives' ? isoCstSeconds(x.at) : null;
}

/**
 * When the advisories put the district inside the 7级 and 10级 wind circles (风圈到达), seen at
 * the assessment's time: `r7_arrival` / `r10_arrival` as "inside", a time, or null, with the lead
 * in hours; `advised: false` when no fresh advisory was at hand.
 */
export function forecastEvidence(a: Assessment): Record<string, unknown> {
  const f = a.forecast;
  const lead = (x: Arrival): number | null => {
    const h = leadHours(x, a.at);
    return h === undefined ? null : Math.round(h * 10) / 10;
  };
  return {
    advised: f.advised,
    storm_id: f.stormId ?? null,
    advisory_ts: f.advisoryTs ?? null,
    r7_arrival: arrivalText(f.arrivals.r7),
    r10_arrival: arrivalText(f.arrivals.r10),
    r7_lead_h: lead(f.arrivals.r7),
    r10_lead_h: lead(f.arrivals.r10),
  };
}
