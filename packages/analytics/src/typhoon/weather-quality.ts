import type { WeatherObservation } from '@onegrid/contracts';
import type { WeatherPoint } from './assess.ts';
import type { TyphoonConfig } from './config.ts';
import { HOUR } from './time.ts';

/**
 * One observation as the model keeps it, with the values no working instrument here reports
 * dropped (a 99 m/s gust, 40 mm in five minutes): a dropped value is unknown, as a missing one
 * is, and never a hazard. The contract's ranges (gust ≤ 120 m/s…) only reject what no instrument
 * can send at all; these are the limits of the weather of this city. `refuted` names the fields.
 */
export function checkedWeather(
  obs: WeatherObservation,
  t: number,
  limits: TyphoonConfig['stationLimits'],
): { point: WeatherPoint; refuted: string[] } {
  const refuted: string[] = [];
  const keep = (field: string, v: number | null | undefined, max: number): number | undefined => {
    if (v === null || v === undefined) return undefined;
    if (v <= max) return v;
    refuted.push(field);
    return undefined;
  };
  const periodH = obs.period_s / (HOUR / 1000);
  const meanMs = keep('wind_speed_ms', obs.wind_speed_ms, limits.meanMaxMs);
  const gustMs = keep('wind_gust_ms', obs.wind_gust_ms, limits.gustMaxMs);
  const mm = keep('rain_mm', obs.rain_mm, Math.max(10, limits.rainMaxMmPerH * periodH));
  return { point: { t, periodMs: obs.period_s * 1000, meanMs, gustMs, mm }, refuted };
}
