import type { Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evacuation,
  GAUGE_WL1,
  observation,
  openStoreFixture,
  SHELTER_SH1,
  STATIONS,
} from '../store-fixture.ts';
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

beforeAll(async () => {
  const fixture = await openStoreFixture('late');
  store = fixture.store;
  const { insert } = fixture;
  // The first round, on an empty store, as the demo's server does at start.
  for (const poll of [pollWeather, pollStorm, pollEvacuation, pollGauges]) await poll(store.client);
  for (const view of ['gauge_levels_5m', 'shelter_occupancy_hourly', 'weather_hourly']) {
    await store.client.query({ query: `SELECT * FROM ${view} LIMIT 1` }).then((r) => r.text());
  }
  await insert('stations', STATIONS);
  await insert('shelters', [SHELTER_SH1]);
  await insert('gauges', [GAUGE_WL1]);
  await insert('water_levels', [{ gauge_id: 'WL-1', ts: '2026-09-14 10:00:00.000', level_m: 4.6 }]);
  await insert('evacuation_events', [evacuation('EV-1', '2026-09-14 10:00:00.000', 'check_in', 40)]);
  // Rain 4 mm in every 5 minutes.
  const obs = (station_id: string, ts: string, pressure_hpa: number) =>
    observation(station_id, ts, 4, pressure_hpa);
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
