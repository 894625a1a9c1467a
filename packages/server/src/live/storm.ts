import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { AS_OF, type Polled, rows } from './poll.ts';

const HOUR_MS = 3_600_000;

// The estimated storm centre per hour: the station with the lowest pressure, over the last 48
// hours (complete hours only as of a past time, as in weather.ts). The registry is joined, not read through a dictionary (migration 0022 says why).
const ESTIMATED = `
SELECT h.ts_ms AS ts_ms, h.pressure AS pressure, s.lat AS lat, s.lon AS lon
FROM (SELECT toUnixTimestamp(hour) * 1000 AS ts_ms, argMin(station_id, assumeNotNull(pressure_min)) AS station_id,
             min(assumeNotNull(pressure_min)) AS pressure
      FROM weather_hourly
      WHERE pressure_min IS NOT NULL AND hour + INTERVAL 1 HOUR <= ${AS_OF}
        AND hour > (SELECT max(hour) FROM weather_station_hourly WHERE hour + INTERVAL 1 HOUR <= ${AS_OF}) - INTERVAL 48 HOUR
      GROUP BY hour) AS h
INNER JOIN stations_current AS s ON s.station_id = h.station_id
ORDER BY ts_ms`;

// Storms with an advisory in the day before the newest advisory: the latest advisory of each
// (typhoon_advisories_latest's query, with the AS_OF bound a view cannot take).
const LATEST = `
SELECT storm_id, name_zh, toUnixTimestamp64Milli(ts) AS ts_ms, lat, lon, pressure_hpa, max_wind_ms, category,
       move_dir_deg, move_speed_kmh,
       [r7_ne_km, r7_se_km, r7_sw_km, r7_nw_km] AS r7, [r10_ne_km, r10_se_km, r10_sw_km, r10_nw_km] AS r10,
       [r12_ne_km, r12_se_km, r12_sw_km, r12_nw_km] AS r12,
       arrayMap(t -> toUnixTimestamp64Milli(t), forecast_ts) AS f_ts, forecast_lat AS f_lat, forecast_lon AS f_lon,
       forecast_pressure_hpa AS f_pressure, forecast_max_wind_ms AS f_wind
FROM typhoon_advisories FINAL
WHERE ts <= ${AS_OF} AND ts >= (SELECT max(ts) FROM typhoon_advisories WHERE ts <= ${AS_OF}) - INTERVAL 24 HOUR
ORDER BY storm_id, ts DESC
LIMIT 1 BY storm_id`;

// Each storm's observed centres (one per advisory) over the last five days.
const OBSERVED = `
SELECT storm_id, toUnixTimestamp64Milli(ts) AS ts_ms, any(lat) AS lat, any(lon) AS lon, any(pressure_hpa) AS pressure
FROM typhoon_advisories
WHERE ts <= ${AS_OF} AND ts >= (SELECT max(ts) FROM typhoon_advisories WHERE ts <= ${AS_OF}) - INTERVAL 5 DAY
GROUP BY storm_id, ts
ORDER BY storm_id, ts_ms`;

const NEWEST = `
SELECT greatest((SELECT toUnixTimestamp64Milli(max(ts)) FROM weather_observations WHERE ts <= ${AS_OF}),
                (SELECT toUnixTimestamp64Milli(max(ts)) FROM typhoon_advisories WHERE ts <= ${AS_OF})) AS ms,
       (SELECT count() FROM weather_observations WHERE ts <= ${AS_OF})
         + (SELECT count() FROM typhoon_advisories WHERE ts <= ${AS_OF}) AS n`;

type Radii = [number | null, number | null, number | null, number | null];

interface LatestRow {
  storm_id: string;
  name_zh: string;
  ts_ms: number;
  lat: number;
  lon: number;
  pressure_hpa: number | null;
  max_wind_ms: number | null;
  category: string;
  move_dir_deg: number | null;
  move_speed_kmh: number | null;
  r7: Radii;
  r10: Radii;
  r12: Radii;
  f_ts: number[];
  f_lat: number[];
  f_lon: number[];
  f_pressure: (number | null)[];
  f_wind: (number | null)[];
}

type Advisory = Extract<ChannelValue<'storm'>, { storm_id: string }>;

/** A wind circle given in all four quadrants, or nothing. */
function quadrants(r: Radii): { ne: number; se: number; sw: number; nw: number } | undefined {
  const [ne, se, sw, nw] = r;
  return ne === null || se === null || sw === null || nw === null ? undefined : { ne, se, sw, nw };
}

function advisory(row: LatestRow, observed: Advisory['observed']): Advisory {
  const radii: Advisory['radii_km'] = {};
  for (const key of ['r7', 'r10', 'r12'] as const) {
    const q = quadrants(row[key]);
    if (q !== undefined) radii[key] = q;
  }
  return {
    storm_id: row.storm_id,
    name_zh: row.name_zh,
    category: row.category,
    ts: isoCstMillis(row.ts_ms),
    lat: row.lat,
    lon: row.lon,
    pressure_hpa: row.pressure_hpa,
    max_wind_ms: row.max_wind_ms,
    move_dir_deg: row.move_dir_deg,
    move_speed_kmh: row.move_speed_kmh,
    radii_km: radii,
    observed,
    forecast: row.f_ts.map((t, i) => ({
      ts: isoCstMillis(t),
      lead_h: (t - row.ts_ms) / HOUR_MS,
      lat: row.f_lat[i] ?? Number.NaN,
      lon: row.f_lon[i] ?? Number.NaN,
      pressure_hpa: row.f_pressure[i] ?? null,
      max_wind_ms: row.f_wind[i] ?? null,
    })),
  };
}

/**
 * `storm`: `track`, the centre estimated from the stations (the station with the lowest
 * pressure, hour by hour), always; and, when the optional advisory feed has spoken within a
 * day, `advisory:<storm_id>` with the latest advisory, the observed track and the forecast.
 */
export async function pollStorm(client: ClickHouseClient, asOfMs?: number): Promise<Polled<'storm'>> {
  const [estimated, latest, observed, [newest]] = await Promise.all([
    rows<{ ts_ms: number; pressure: number; lat: number; lon: number }>(client, ESTIMATED, asOfMs),
    rows<LatestRow>(client, LATEST, asOfMs),
    rows<{ storm_id: string; ts_ms: number; lat: number; lon: number; pressure: number | null }>(
      client,
      OBSERVED,
      asOfMs,
    ),
    rows<{ ms: number; n: number }>(client, NEWEST, asOfMs),
  ]);
  const data: Record<string, ChannelValue<'storm'>> = {};
  const points = estimated
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))
    .map((p) => ({ ts: isoCstMillis(p.ts_ms + HOUR_MS), lat: p.lat, lon: p.lon, pressure_hpa: p.pressure }));
  if (points.length > 0) data.track = { points };
  for (const row of latest) {
    const track = observed
      .filter((o) => o.storm_id === row.storm_id)
      .map((o) => ({ ts: isoCstMillis(o.ts_ms), lat: o.lat, lon: o.lon, pressure_hpa: o.pressure }));
    data[`advisory:${row.storm_id}`] = advisory(row, track);
  }
  const asOf =
    newest === undefined || newest.n === 0 || !Number.isFinite(newest.ms)
      ? undefined
      : isoCstMillis(newest.ms);
  return { channel: 'storm', data, asOf };
}
