import { z } from 'zod';
import { id, integer } from './fields.ts';
import { timestamp } from './time.ts';

/**
 * A measurement a broken instrument may leave out. `null` is read as "missing" too, so one dead
 * sensor does not send a whole observation to the dead-letter topic.
 */
function measurement(min: number, max: number, description: string) {
  return z.number().min(min).max(max).nullish().describe(description);
}

/**
 * `city.weather.observations` (key `station_id`): one observation per automatic weather station
 * every 5 minutes. Only `station_id`, `ts` and `period_s` are required; ranges are physical
 * limits (a value outside them is a faulty instrument, not weather).
 */
export const weatherObservationSchema = z
  .object({
    station_id: id,
    ts: timestamp,
    period_s: integer(1, 86_400).describe('length of the observation period ending at ts, seconds'),
    wind_speed_ms: measurement(0, 100, 'mean wind over the last 2 minutes, m/s'),
    wind_gust_ms: measurement(0, 120, "the period's maximum gust, m/s"),
    wind_dir_deg: measurement(0, 360, 'direction the wind blows from, degrees clockwise from north'),
    rain_mm: measurement(0, 500, 'precipitation during the period, mm'),
    pressure_hpa: measurement(850, 1100, 'station pressure, hPa'),
    temp_c: measurement(-60, 60, 'air temperature, °C'),
  })
  .meta({ title: 'Weather observation', description: 'An automatic weather station observation.' });

export type WeatherObservation = z.output<typeof weatherObservationSchema>;
