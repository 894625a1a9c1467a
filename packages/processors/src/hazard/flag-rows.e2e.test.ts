import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WeatherObservation } from '@onegrid/contracts';
import {
  loadStoreConfig,
  migrate,
  openStore,
  type Store,
  TABLES,
  waterLevelRow,
  weatherObservationRow,
} from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedLevelRow, flaggedWeatherRow } from './flag-rows.ts';

// Real embedded ClickHouse (chDB), migrated. The archive and the typhoon-risk processor write the
// same reading through two sinks with no order between them: what is stored must not depend on
// which insert comes first (dead-feed.test.ts lost 1-3 of 9 refutations when the flag came first).
let store: Store;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-chdb-flags-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid_flag_rows' }),
  );
  await migrate(store.client);
});
afterAll(async () => {
  await store?.close();
});

async function insert(table: string, row: object | undefined): Promise<void> {
  if (row === undefined) throw new Error('no row');
  // As the table sinks insert (packages/stream clickhouse-sink.ts).
  await store.client.insert({
    table,
    values: [row],
    format: 'JSONEachRow',
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
}

async function query<T>(sql: string): Promise<T[]> {
  return (await store.client.query({ query: sql, format: 'JSONEachRow' })).json<T>();
}

const level = (gauge_id: string) => ({ gauge_id, ts: '2026-09-14T02:00:00+08:00', level_m: 99.9 });
const flaggedLevel = (gauge_id: string) =>
  flaggedLevelRow({
    kind: 'flag',
    flag: {
      kind: 'water_level',
      gauge_id,
      t: Date.parse(level(gauge_id).ts),
      level_m: 99.9,
      reason: 'out_of_range',
    },
  });
const gusty = (station_id: string): WeatherObservation => ({
  station_id,
  ts: '2026-09-14T02:05:00+08:00',
  period_s: 300,
  wind_speed_ms: 14,
  wind_gust_ms: 41,
});
const flaggedWeather = (station_id: string) =>
  flaggedWeatherRow({
    kind: 'flag',
    flag: {
      kind: 'weather',
      station_id,
      t: Date.parse(gusty(station_id).ts),
      fields: ['wind_gust_ms'],
      observation: gusty(station_id),
    },
  });

describe('a refuted reading stored again, flagged', () => {
  it('stays refuted in water_levels whichever of the two copies is inserted first', async () => {
    await insert(TABLES.waterLevels, waterLevelRow(level('WL-ARCHIVE-FIRST')));
    await insert(TABLES.waterLevels, flaggedLevel('WL-ARCHIVE-FIRST'));
    await insert(TABLES.waterLevels, flaggedLevel('WL-FLAG-FIRST'));
    await insert(TABLES.waterLevels, waterLevelRow(level('WL-FLAG-FIRST')));
    // The archive replaying after a restart: its copy again, later still.
    await insert(TABLES.waterLevels, waterLevelRow(level('WL-FLAG-FIRST')));
    const rows = await query<{ gauge_id: string; quality: string; refuted_reason: string }>(
      `SELECT gauge_id, quality, refuted_reason FROM water_levels FINAL
       WHERE gauge_id IN ('WL-ARCHIVE-FIRST', 'WL-FLAG-FIRST') ORDER BY gauge_id`,
    );
    expect(rows).toEqual([
      { gauge_id: 'WL-ARCHIVE-FIRST', quality: 'refuted', refuted_reason: 'out_of_range' },
      { gauge_id: 'WL-FLAG-FIRST', quality: 'refuted', refuted_reason: 'out_of_range' },
    ]);
  });

  it('stays refuted in weather_observations whichever of the two copies is inserted first', async () => {
    await insert(TABLES.weatherObservations, weatherObservationRow(gusty('AWS-ARCHIVE-FIRST')));
    await insert(TABLES.weatherObservations, flaggedWeather('AWS-ARCHIVE-FIRST'));
    await insert(TABLES.weatherObservations, flaggedWeather('AWS-FLAG-FIRST'));
    await insert(TABLES.weatherObservations, weatherObservationRow(gusty('AWS-FLAG-FIRST')));
    const rows = await query<{ station_id: string; refuted_fields: string[] }>(
      `SELECT station_id, refuted_fields FROM weather_observations FINAL
       WHERE station_id IN ('AWS-ARCHIVE-FIRST', 'AWS-FLAG-FIRST') ORDER BY station_id`,
    );
    expect(rows).toEqual([
      { station_id: 'AWS-ARCHIVE-FIRST', refuted_fields: ['wind_gust_ms'] },
      { station_id: 'AWS-FLAG-FIRST', refuted_fields: ['wind_gust_ms'] },
    ]);
  });
});

describe('a refuted weather value in the hourly rollup (issue 18)', () => {
  it('counts in neither the hour’s gust nor its rain, whichever copy came first', async () => {
    const calm = (station_id: string): WeatherObservation => ({
      station_id,
      ts: '2026-09-14T02:10:00+08:00',
      period_s: 300,
      wind_speed_ms: 13,
      wind_gust_ms: 19,
      rain_mm: 1,
    });
    const burst = (station_id: string): WeatherObservation => ({
      ...calm(station_id),
      ts: '2026-09-14T02:15:00+08:00',
      rain_mm: 16,
    });
    const refutedBurst = (station_id: string) =>
      flaggedWeatherRow({
        kind: 'flag',
        flag: { kind: 'weather', station_id, t: 0, fields: ['rain_mm'], observation: burst(station_id) },
      });
    for (const id of ['AWS-ROLLUP-A', 'AWS-ROLLUP-B']) {
      await insert(TABLES.weatherObservations, weatherObservationRow(calm(id)));
      if (id.endsWith('A')) {
        await insert(TABLES.weatherObservations, weatherObservationRow(gusty(id)));
        await insert(TABLES.weatherObservations, flaggedWeather(id));
        await insert(TABLES.weatherObservations, weatherObservationRow(burst(id)));
        await insert(TABLES.weatherObservations, refutedBurst(id));
      } else {
        await insert(TABLES.weatherObservations, flaggedWeather(id));
        await insert(TABLES.weatherObservations, weatherObservationRow(gusty(id)));
        await insert(TABLES.weatherObservations, refutedBurst(id));
        await insert(TABLES.weatherObservations, weatherObservationRow(burst(id)));
      }
    }
    const rows = await query<{
      station_id: string;
      gust_max_ms: number;
      wind_max_ms: number;
      rain_mm: number;
      observations: string;
    }>(
      `SELECT station_id, gust_max_ms, wind_max_ms, rain_mm, observations FROM weather_hourly
       WHERE station_id IN ('AWS-ROLLUP-A', 'AWS-ROLLUP-B') ORDER BY station_id`,
    );
    // The refuted 41 m/s gust and 16 mm burst are left out; the observations themselves still count.
    expect(rows).toEqual([
      { station_id: 'AWS-ROLLUP-A', gust_max_ms: 19, wind_max_ms: 14, rain_mm: 1, observations: 3 },
      { station_id: 'AWS-ROLLUP-B', gust_max_ms: 19, wind_max_ms: 14, rain_mm: 1, observations: 3 },
    ]);
  });
});

describe('a refuted water level in the 5-minute rollup (issue 18)', () => {
  it('counts in neither the bucket’s highest, lowest nor last level, whichever copy came first', async () => {
    const reading = (gauge_id: string, minute: number, level_m: number) => ({
      gauge_id,
      ts: `2026-09-14T03:0${minute}:00+08:00`,
      level_m,
    });
    const refuted = (gauge_id: string, minute: number, level_m: number) =>
      flaggedLevelRow({
        kind: 'flag',
        flag: {
          kind: 'water_level',
          gauge_id,
          t: Date.parse(reading(gauge_id, minute, level_m).ts),
          level_m,
          reason: 'jump',
        },
      });
    for (const id of ['WL-ROLLUP-A', 'WL-ROLLUP-B']) {
      await insert(TABLES.waterLevels, waterLevelRow(reading(id, 1, 4.0)));
      // A spike at 03:02 and a drop at 03:04 (the bucket's last reading), both refuted.
      if (id.endsWith('A')) {
        await insert(TABLES.waterLevels, waterLevelRow(reading(id, 2, 9.9)));
        await insert(TABLES.waterLevels, refuted(id, 2, 9.9));
        await insert(TABLES.waterLevels, waterLevelRow(reading(id, 3, 4.1)));
        await insert(TABLES.waterLevels, waterLevelRow(reading(id, 4, 0.2)));
        await insert(TABLES.waterLevels, refuted(id, 4, 0.2));
      } else {
        await insert(TABLES.waterLevels, refuted(id, 2, 9.9));
        await insert(TABLES.waterLevels, waterLevelRow(reading(id, 2, 9.9)));
        await insert(TABLES.waterLevels, waterLevelRow(reading(id, 3, 4.1)));
        await insert(TABLES.waterLevels, refuted(id, 4, 0.2));
        await insert(TABLES.waterLevels, waterLevelRow(reading(id, 4, 0.2)));
        // The archive replaying after a restart: its copy again, later still.
        await insert(TABLES.waterLevels, waterLevelRow(reading(id, 2, 9.9)));
      }
    }
    // A bucket whose only reading was refuted has no row at all.
    await insert(TABLES.waterLevels, waterLevelRow(reading('WL-ROLLUP-A', 7, 8.8)));
    await insert(TABLES.waterLevels, refuted('WL-ROLLUP-A', 7, 8.8));
    const rows = await query<{
      gauge_id: string;
      bucket: string;
      level_max_m: number;
      level_min_m: number;
      level_last_m: number;
      readings: string;
    }>(
      `SELECT gauge_id, toString(bucket) AS bucket, level_max_m, level_min_m, level_last_m, readings
       FROM gauge_levels_5m WHERE gauge_id IN ('WL-ROLLUP-A', 'WL-ROLLUP-B') ORDER BY gauge_id, bucket`,
    );
    const bucket = {
      bucket: '2026-09-14 03:00:00',
      level_max_m: 4.1,
      level_min_m: 4,
      level_last_m: 4.1,
      readings: 2,
    };
    expect(rows).toEqual([
      { gauge_id: 'WL-ROLLUP-A', ...bucket },
      { gauge_id: 'WL-ROLLUP-B', ...bucket },
    ]);
  });
});
