import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollEvacuation } from './emergency.ts';
import { pollGauges } from './gauges.ts';
import { pollStorm } from './storm.ts';
import { pollWeather } from './weather.ts';

/*
 * The main job polls from the moment it starts, before the registries have come in on Kafka:
 * as in `./onegrid demo`. The pollers' own tests load the registries first and missed that a
 * dictionary read at the first poll stayed empty (weather `{}`, no storm track) until its
 * refresh; here every poll runs once on an empty store, then the registries and data arrive.
 */

let store: Store;
const insert = (table: string, values: Record<string, unknown>[]) =>
  store.client.insert({ table, values, format: 'JSONEachRow' });

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-registry-late-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid_late_test' }),
  );
  await migrate(store.client);
  // The first round, on an empty store, as the demo's server does at start.
  for (const poll of [pollWeather, pollStorm, pollEvacuation, pollGauges]) await poll(store.client);
  for (const view of ['gauge_levels_5m', 'shelter_occupancy_hourly', 'weather_hourly']) {
    await store.client.query({ query: `SELECT * FROM ${view} LIMIT 1` }).then((r) => r.text());
  }
  await insert('stations', [
    { station_id: 'AWS-1', name: '徐家汇', district: '310104', lat: 31.19, lon: 121.43 },
    { station_id: 'AWS-2', name: '外滩', district: '310101', lat: 31.24, lon: 121.49 },
  ]);
  await insert('shelters', [
    { shelter_id: 'SH-1', name: '体育馆', district: '310101', lat: 31.23, lon: 121.48, capacity: 500 },
  ]);
  await insert('gauges', [
    {
      gauge_id: 'WL-1',
      name: '黄浦公园',
      district: '310101',
      lat: 31.24,
      lon: 121.49,
      kind: 'river',
      warning_level_m: 4.5,
      guarantee_level_m: 5.0,
    },
  ]);
  await insert('water_levels', [{ gauge_id: 'WL-1', ts: '2026-09-14 10:00:00.000', level_m: 4.6 }]);
  await insert('evacuation_events', [
    {
      event_id: 'EV-1',
      ts: '2026-09-14 10:00:00.000',
      shelter_id: 'SH-1',
      district: '310101',
      action: 'check_in',
      people: 40,
    },
  ]);
  const obs = (station_id: string, ts: string, pressure_hpa: number) => ({
    station_id,
    ts,
    period_s: 300,
    wind_speed_ms: 20,
    wind_gust_ms: 30,
    wind_dir_deg: 90,
    rain_mm: 4,
    pressure_hpa,
    temp_c: 25,
  });
  await insert('weather_observations', [
    obs('AWS-1', '2026-09-14 09:30:00.000', 990),
    obs('AWS-2', '2026-09-14 09:30:00.000', 985),
    obs('AWS-1', '2026-09-14 10:30:00.000', 980),
    obs('AWS-2', '2026-09-14 10:30:00.000', 986),
  ]);
});

afterAll(async () => {
  await store?.close();
});

describe('live > pollers when the registries arrive after the first poll', () => {
  it('weather: every district with a station, named', async () => {
    const { data } = await pollWeather(store.client);
    expect(Object.keys(data).sort()).toEqual(['310101', '310104']);
    expect(data['310104']?.name).toBe('徐汇区');
    expect(data['310104']?.rain_1h_mm).toBe(4);
  });

  it('storm: a track through the stations with the lowest pressure', async () => {
    const { data } = await pollStorm(store.client);
    const track = data.track !== undefined && 'points' in data.track ? data.track.points : [];
    expect(track.map((p) => [p.lat, p.lon, p.pressure_hpa])).toEqual([
      [31.24, 121.49, 985],
      [31.19, 121.43, 980],
    ]);
  });

  it('evacuation: the shelter at its place', async () => {
    const { data } = await pollEvacuation(store.client);
    expect(data['shelter:SH-1']).toMatchObject({ lat: 31.23, lon: 121.48, occupancy: 40 });
  });

  it('views: gauge thresholds, station districts and shelter capacity from the registry now', async () => {
    const result = await store.client.query({
      query: `SELECT
        (SELECT any(status) FROM gauge_levels_5m WHERE gauge_id = 'WL-1') AS gauge_status,
        (SELECT groupArray(district) FROM (SELECT DISTINCT district FROM weather_hourly ORDER BY district)) AS districts,
        (SELECT any(capacity) FROM shelter_occupancy_hourly WHERE shelter_id = 'SH-1') AS capacity`,
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { gauge_status: 'warning', districts: ['310101', '310104'], capacity: 500 },
    ]);
  });
});
