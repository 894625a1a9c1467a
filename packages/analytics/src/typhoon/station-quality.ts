import { HOUR, MINUTE } from './time.ts';

/** The values of an observation that are checked against the station's interval (issue 20). */
export type StationField = 'wind_speed_ms' | 'wind_gust_ms' | 'rain_mm';

export const STATION_FIELDS: readonly StationField[] = ['wind_speed_ms', 'wind_gust_ms', 'rain_mm'];

/** One value of a station, as a rate: m/s for wind, mm/h for rain (periods of any length compare). */
export interface FieldValue {
  t: number;
  v: number;
}

/**
 * How far two values of one field may lie apart when no storm jumped between them:
 * `base + share × (the smaller value) + perHour × (hours between them)`. Wind varies with its
 * speed (an eyewall swings a 30 m/s wind more than a 5 m/s breeze); rain compares rates.
 *
 * Chosen on the simulator's seed 42 (`node packages/analytics/scripts/station-steps.ts`): its
 * largest step between a station's 5-minute observations was 8.5 m/s (mean), 13.7 m/s (gust),
 * 3.1 mm (37 mm/h), and its largest spread against the nearest station of the district 14.1 and
 * 23.1 m/s; each limit leaves room above that for storms it did not show. A glitch of 25 m/s on
 * a 20 m/s gust, or 12 mm in five dry minutes, is beyond them; an eyewall's 15 m/s in five
 * minutes may be too, and is then confirmed by the next reading (five minutes later in the score).
 */
export const STATION_STEP: Readonly<Record<StationField, { base: number; share: number; perHour: number }>> =
  {
    wind_speed_ms: { base: 9, share: 0.3, perHour: 20 },
    wind_gust_ms: { base: 13, share: 0.3, perHour: 25 },
    rain_mm: { base: 60, share: 0.5, perHour: 120 },
  };

/** A station's own trusted value further back than this is no reference for a new one. */
export const STATION_BASE_MAX_AGE_MS = HOUR;
/** A neighbour's value counts as a reference within this of the value checked. */
export const NEIGHBOUR_WINDOW_MS = 10 * MINUTE;
/** A suspect is believed once this many later readings agree neither with it nor with a reference. */
export const STATION_CONFIRM_AFTER = 3;

/** Whether `b` is reachable from `a` (either order in time) without a sensor fault. */
export function stationConsistent(field: StationField, a: FieldValue, b: FieldValue): boolean {
  const s = STATION_STEP[field];
  const allowed = s.base + s.share * Math.min(a.v, b.v) + s.perHour * (Math.abs(b.t - a.t) / HOUR);
  return Math.abs(b.v - a.v) <= allowed;
}

/** The value of `field` as the checks compare it (rain as mm/h over its period). */
export function fieldRate(field: StationField, v: number, periodS: number): number {
  return field === 'rain_mm' ? (v * 3600) / Math.max(60, periodS) : v;
}
