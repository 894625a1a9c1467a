import { z } from 'zod';
import { id, latitude, longitude } from './fields.ts';
import { timestamp } from './time.ts';

/** China's typhoon grades (GB/T 19201), weakest first. */
export const TYPHOON_CATEGORIES = [
  'tropical_depression',
  'tropical_storm',
  'severe_tropical_storm',
  'typhoon',
  'strong_typhoon',
  'super_typhoon',
] as const;
export type TyphoonCategory = (typeof TYPHOON_CATEGORIES)[number];

/** A wind radius, km: the largest wind circle ever recorded is about 1,100 km. */
const radiusKm = z.number().min(0).max(2_000).describe('radius, km');

/** One wind circle: its radius in each quadrant (ne, se, sw, nw). */
const quadrantRadii = z
  .object({ ne: radiusKm, se: radiusKm, sw: radiusKm, nw: radiusKm })
  .describe('radius per quadrant, km');

const pressure = z.number().min(850).max(1100).describe('central pressure, hPa');
const maxWind = z.number().min(0).max(120).describe('maximum sustained wind near the centre, m/s');

/** A forecast position of the storm's centre. */
export const forecastPointSchema = z.object({
  ts: timestamp,
  lat: latitude,
  lon: longitude,
  pressure_hpa: pressure.nullish(),
  max_wind_ms: maxWind.nullish(),
});

/** A forecast reaches 5 days at most; more points than this is not an advisory. */
export const MAX_FORECAST_POINTS = 40;

/**
 * `city.weather.typhoon-advisories` (key `storm_id`), an optional feed: the national typhoon
 * advisory (台风公报 / 路径预报), the observed centre at `ts` and the official forecast track.
 * A later advisory for a storm supersedes earlier ones. Only the storm, its time and its centre
 * are required; wind radii (7级/10级/12级 风圈) and the forecast may be missing.
 */
export const typhoonAdvisorySchema = z
  .object({
    storm_id: id,
    name_zh: z.string().max(32).nullish().describe('the storm’s Chinese name, e.g. 海葵'),
    ts: timestamp,
    lat: latitude,
    lon: longitude,
    pressure_hpa: pressure.nullish(),
    max_wind_ms: maxWind.nullish(),
    category: z.enum(TYPHOON_CATEGORIES).nullish(),
    move_dir_deg: z.number().min(0).max(360).nullish().describe('heading, degrees clockwise from north'),
    move_speed_kmh: z.number().min(0).max(200).nullish().describe('translation speed, km/h'),
    radii_km: z
      .object({ r7: quadrantRadii.optional(), r10: quadrantRadii.optional(), r12: quadrantRadii.optional() })
      .optional()
      .describe('radii of Beaufort 7, 10 and 12 winds per quadrant, km'),
    forecast: z
      .array(forecastPointSchema)
      .max(MAX_FORECAST_POINTS)
      .default([])
      .refine(
        (points) => points.every((p, i) => i === 0 || Date.parse(p.ts) > Date.parse(points[i - 1]?.ts ?? '')),
        {
          error: 'forecast points in time order',
        },
      ),
  })
  .meta({
    title: 'Typhoon advisory',
    description: 'The national typhoon advisory: observed centre, intensity, wind radii and forecast track.',
  });

export type TyphoonAdvisory = z.output<typeof typhoonAdvisorySchema>;
export type ForecastPoint = z.output<typeof forecastPointSchema>;
export type WindQuadrants = z.output<typeof quadrantRadii>;
