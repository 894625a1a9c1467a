import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { AS_OF, type Polled, rows } from './poll.ts';

const HOUR_MS = 3_600_000;

// The newest hour with observations (event time) and the 24 hours up to it, per district. An hour
// row holds the observations ending in (hour, hour + 1 h]: as of a past time (a replay) only the
// hours complete by then count, so a replay never shows rain that fell after its time.
// Registries are joined, never read through a dictionary: a dictionary loaded before the
// registry arrived stays empty until its next refresh (migration 0022 says more).
const DISTRICTS = `
WITH (SELECT max(hour) FROM weather_station_hourly WHERE hour + INTERVAL 1 HOUR <= ${AS_OF}) AS last
SELECT w.district AS district, any(d.name_zh) AS name, toUnixTimestamp(last) * 1000 AS hour_ms,
       maxIf(w.wind_max_ms, w.hour = last) AS wind, maxIf(w.gust_max_ms, w.hour = last) AS gust,
       sumIf(w.rain_mm, w.hour = last) AS rain_1h, sum(w.rain_mm) AS rain_24h, minIf(w.pressure_min, w.hour = last) AS pressure
FROM weather_district_hourly AS w
LEFT JOIN districts AS d ON d.code = w.district
WHERE w.hour > last - INTERVAL 24 HOUR AND w.hour <= last AND w.district != ''
GROUP BY w.district ORDER BY w.district
SETTINGS join_use_nulls = 0`;

const NEWEST = `SELECT toUnixTimestamp64Milli(max(ts)) AS ms, count() AS n FROM weather_observations WHERE ts <= ${AS_OF}`;

interface DistrictRow {
  district: string;
  name: string;
  hour_ms: number;
  wind: number | null;
  gust: number | null;
  rain_1h: number;
  rain_24h: number;
  pressure: number | null;
}

async function newest(client: ClickHouseClient, asOfMs?: number): Promise<string | undefined> {
  const [row] = await rows<{ ms: number; n: number }>(client, NEWEST, asOfMs);
  return row === undefined || row.n === 0 ? undefined : isoCstMillis(row.ms);
}

/** `weather`: per district, the newest hour's wind, gust and pressure, and rain over 1 h and 24 h. */
export async function pollWeather(client: ClickHouseClient, asOfMs?: number): Promise<Polled<'weather'>> {
  const [districts, asOf] = await Promise.all([
    rows<DistrictRow>(client, DISTRICTS, asOfMs),
    newest(client, asOfMs),
  ]);
  const data: Record<string, ChannelValue<'weather'>> = {};
  for (const d of districts) {
    data[d.district] = {
      district: d.district,
      name: d.name,
      ts: isoCstMillis(d.hour_ms + HOUR_MS), // an hour's row covers the observations ending in it
      wind_speed_ms: d.wind,
      wind_gust_ms: d.gust,
      rain_1h_mm: d.rain_1h,
      rain_24h_mm: d.rain_24h,
      pressure_hpa: d.pressure,
    };
  }
  return { channel: 'weather', data, asOf };
}
