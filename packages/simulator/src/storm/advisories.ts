/**
 * The national typhoon advisories (台风公报) for the simulated storm, as the optional feed
 * `city.weather.typhoon-advisories` carries them: the observed centre every 3 hours, hourly from
 * 12 h before to 6 h after landfall; intensity and category; 7/10/12级 wind radii per quadrant,
 * measured on the same wind model the weather stations sample (so a district's stations see
 * Beaufort 7 when the 7级 circle reaches it); and a forecast to +72 h whose error grows with the
 * lead time, as official forecasts' do. The truth (where the storm really was and will be) is
 * kept beside each advisory for scoring.
 */
import type { ForecastPoint, TyphoonAdvisory, TyphoonCategory, WindQuadrants } from '@onegrid/contracts';
import { bearingDeg, distanceKm } from '../geo/polygon.ts';
import type { Rng } from '../rng.ts';
import { HOUR, isoCst, MINUTE } from '../time.ts';
import type { StormTrack } from './track.ts';
import { windAt } from './wind.ts';

export const ADVISORY_STORM_ID = '2614';
export const ADVISORY_NAME_ZH = '海葵';
/** Forecast lead times, hours (CMA's 12-hourly points to 72 h). */
export const FORECAST_LEADS_H = [12, 24, 36, 48, 60, 72] as const;
/** Mean position error of official forecasts by lead time, km (CMA, recent seasons, rounded). */
const MEAN_ERROR_KM: Readonly<Record<number, number>> = { 12: 45, 24: 70, 36: 95, 48: 125, 60: 155, 72: 190 };
/** How long after its observation time an advisory reaches the feed. */
export const ADVISORY_DELAY = 30 * MINUTE;
/** Observation error of the analysed centre, km (standard deviation per axis). */
const CENTRE_ERROR_KM = 8;

/** Beaufort 7, 10 and 12 lower bounds, m/s (GB/T 28591). */
export const WIND_CIRCLE_MS = { r7: 13.9, r10: 24.5, r12: 32.7 } as const;
const QUADRANT_BEARING = { ne: 45, se: 135, sw: 225, nw: 315 } as const;

/** GB/T 19201 grades by maximum sustained wind. */
export function categoryOf(maxWindMs: number): TyphoonCategory {
  if (maxWindMs >= 51) return 'super_typhoon';
  if (maxWindMs >= 41.5) return 'strong_typhoon';
  if (maxWindMs >= 32.7) return 'typhoon';
  if (maxWindMs >= 24.5) return 'severe_tropical_storm';
  if (maxWindMs >= 17.2) return 'tropical_storm';
  return 'tropical_depression';
}

/** When advisories are issued within [from, to): every 3 h, hourly near landfall. */
export function advisoryTimes(from: number, to: number, landfall: number): number[] {
  const times: number[] = [];
  for (let t = Math.ceil(from / HOUR) * HOUR; t < to; t += HOUR) {
    const h = Math.round((t - landfall) / HOUR);
    const near = h >= -12 && h <= 6;
    if (near || (((t / HOUR) % 3) + 3) % 3 === 0) times.push(t);
  }
  return times;
}

const offset = (lon: number, lat: number, bearing: number, km: number): [number, number] => {
  const rad = (bearing * Math.PI) / 180;
  const dLat = (km * Math.cos(rad)) / 111.2;
  const dLon = (km * Math.sin(rad)) / (111.2 * Math.cos((lat * Math.PI) / 180));
  return [lon + dLon, lat + dLat];
};

/** The outermost radius (km, 10 km steps) at which the wind reaches `threshold` in each quadrant. */
function radii(track: StormTrack, t: number, threshold: number): WindQuadrants | undefined {
  const storm = track.at(t);
  const out: Record<string, number> = {};
  for (const [q, bearing] of Object.entries(QUADRANT_BEARING)) {
    let reach = 0;
    for (let km = 10; km <= 800; km += 10) {
      const [lon, lat] = offset(storm.lon, storm.lat, bearing, km);
      if (windAt(storm, track.ambientHpa, lon, lat, true).speedMs >= threshold) reach = km;
    }
    out[q] = reach;
  }
  const r = out as WindQuadrants;
  return r.ne + r.se + r.sw + r.nw === 0 ? undefined : r;
}

/** The strongest wind around the eye, m/s, sampled where it blows hardest (the radius of maximum wind). */
function maxWind(track: StormTrack, t: number): number {
  const storm = track.at(t);
  let best = 0;
  for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
    const [lon, lat] = offset(storm.lon, storm.lat, bearing, storm.rmaxKm);
    best = Math.max(best, windAt(storm, track.ambientHpa, lon, lat, true).speedMs);
  }
  return Math.round(best);
}

export interface AdvisoryWithTruth {
  advisory: TyphoonAdvisory;
  /** Where the centre really was at `ts`, and the forecast's position errors, km. */
  truth: { lat: number; lon: number; forecast_error_km: number[] };
}

/**
 * The advisory observed at `t`. Forecast errors of one advisory share a bias (one direction and
 * size, scaled by the lead time's mean error), as a model run's errors do, plus a little noise.
 */
export function advisoryAt(track: StormTrack, t: number, rng: Rng): AdvisoryWithTruth {
  const real = track.at(t);
  const [lon, lat] = offset(real.lon, real.lat, rng.range(0, 360), Math.abs(rng.normal()) * CENTRE_ERROR_KM);
  const next = track.at(t + HOUR);
  const wind = maxWind(track, t);
  const bias = rng.range(0, 360);
  // Rayleigh with mean 1: the size of this run's error relative to the mean error.
  const size = Math.sqrt(-2 * Math.log(1 - rng.next())) / 1.2533;
  const forecast: ForecastPoint[] = [];
  const errors: number[] = [];
  for (const lead of FORECAST_LEADS_H) {
    const at = t + lead * HOUR;
    const truth = track.at(at);
    const km = size * (MEAN_ERROR_KM[lead] ?? 0) + rng.normal() * 10;
    const [fLon, fLat] = offset(truth.lon, truth.lat, bias + rng.normal() * 15, Math.abs(km));
    errors.push(Math.round(distanceKm(truth.lon, truth.lat, fLon, fLat)));
    forecast.push({
      ts: isoCst(at),
      lat: round2(fLat),
      lon: round2(fLon),
      pressure_hpa: Math.round(truth.pressureHpa + rng.normal() * 2 * (lead / 24)),
      max_wind_ms: Math.max(0, Math.round(maxWind(track, at) + rng.normal() * 1.5 * (lead / 24))),
    });
  }
  const r7 = radii(track, t, WIND_CIRCLE_MS.r7);
  const r10 = radii(track, t, WIND_CIRCLE_MS.r10);
  const r12 = radii(track, t, WIND_CIRCLE_MS.r12);
  return {
    advisory: {
      storm_id: ADVISORY_STORM_ID,
      name_zh: ADVISORY_NAME_ZH,
      ts: isoCst(t),
      lat: round2(lat),
      lon: round2(lon),
      pressure_hpa: Math.round(real.pressureHpa),
      max_wind_ms: wind,
      category: categoryOf(wind),
      move_dir_deg: Math.round(bearingDeg(real.lon, real.lat, next.lon, next.lat)),
      move_speed_kmh: Math.round(distanceKm(real.lon, real.lat, next.lon, next.lat)),
      ...(r7 === undefined ? {} : { radii_km: { r7, ...(r10 && { r10 }), ...(r12 && { r12 }) } }),
      forecast,
    },
    truth: { lat: round2(real.lat), lon: round2(real.lon), forecast_error_km: errors },
  };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** Arrival time of the advisory observed at `t`. */
export const advisoryArrival = (t: number): number => t + ADVISORY_DELAY;
