import type { TyphoonAdvisory, WindQuadrants } from '@onegrid/contracts';

const quadrants = (prefix: 'r7' | 'r10' | 'r12', q: WindQuadrants | undefined) => ({
  [`${prefix}_ne_km`]: q?.ne ?? null,
  [`${prefix}_se_km`]: q?.se ?? null,
  [`${prefix}_sw_km`]: q?.sw ?? null,
  [`${prefix}_nw_km`]: q?.nw ?? null,
});

/**
 * city.weather.typhoon-advisories → typhoon_advisories: wind radii as one column per circle and
 * quadrant, the forecast as parallel arrays (one element per forecast point, in time order).
 */
export function typhoonAdvisoryRow(a: TyphoonAdvisory) {
  return {
    storm_id: a.storm_id,
    name_zh: a.name_zh ?? '',
    ts: a.ts,
    lat: a.lat,
    lon: a.lon,
    pressure_hpa: a.pressure_hpa ?? null,
    max_wind_ms: a.max_wind_ms ?? null,
    category: a.category ?? '',
    move_dir_deg: a.move_dir_deg ?? null,
    move_speed_kmh: a.move_speed_kmh ?? null,
    ...(quadrants('r7', a.radii_km?.r7) as Record<`r7_${'ne' | 'se' | 'sw' | 'nw'}_km`, number | null>),
    ...(quadrants('r10', a.radii_km?.r10) as Record<`r10_${'ne' | 'se' | 'sw' | 'nw'}_km`, number | null>),
    ...(quadrants('r12', a.radii_km?.r12) as Record<`r12_${'ne' | 'se' | 'sw' | 'nw'}_km`, number | null>),
    forecast_ts: a.forecast.map((p) => p.ts),
    forecast_lat: a.forecast.map((p) => p.lat),
    forecast_lon: a.forecast.map((p) => p.lon),
    forecast_pressure_hpa: a.forecast.map((p) => p.pressure_hpa ?? null),
    forecast_max_wind_ms: a.forecast.map((p) => p.max_wind_ms ?? null),
  };
}

export type TyphoonAdvisoryRow = ReturnType<typeof typhoonAdvisoryRow>;
