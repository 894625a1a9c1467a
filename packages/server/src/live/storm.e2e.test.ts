import { decodeOrThrow, schemaFor, TOPICS } from '@onegrid/contracts';
import { ROW_INSERT_SETTINGS, type Store, typhoonAdvisoryRow } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreFixture } from '../store-fixture.ts';
import { pollStorm } from './storm.ts';

// The storm channel from the advisories stored by the archive (chDB, the store's migrations).

let store: Store;
const advisory = (ts: string, lat: number, lon: number, extra: object = {}) =>
  typhoonAdvisoryRow(
    decodeOrThrow(
      schemaFor(TOPICS.typhoonAdvisories),
      JSON.stringify({ storm_id: '2614', name_zh: '海葵', ts, lat, lon, pressure_hpa: 960, ...extra }),
    ),
  );

beforeAll(async () => {
  ({ store } = await openStoreFixture('storm'));
});

afterAll(async () => {
  await store?.close();
});

describe('live > storm channel', () => {
  it('without advisories: no advisory key (the screen draws the estimate)', async () => {
    const { data, asOf } = await pollStorm(store.client);
    expect(data).toEqual({});
    expect(asOf).toBeUndefined();
  });

  it('carries the latest advisory per storm with its observed track, radii and forecast lead times', async () => {
    const values = [
      advisory('2026-09-14T02:00:00+08:00', 29.5, 123.0),
      advisory('2026-09-14T05:00:00+08:00', 29.8, 122.6, {
        category: 'strong_typhoon',
        max_wind_ms: 42,
        radii_km: { r7: { ne: 300, se: 280, sw: 220, nw: 240 }, r10: { ne: 120, se: 110, sw: 90, nw: 100 } },
        forecast: [
          { ts: '2026-09-14T17:00:00+08:00', lat: 30.9, lon: 121.9, pressure_hpa: 965, max_wind_ms: 38 },
          { ts: '2026-09-15T05:00:00+08:00', lat: 31.9, lon: 120.8 },
        ],
      }),
    ];
    // The same advisory twice (a duplicate on the feed) must not add an observed point.
    await store.client.insert({
      table: 'typhoon_advisories',
      values: [...values, values[0]],
      format: 'JSONEachRow',
      clickhouse_settings: ROW_INSERT_SETTINGS,
    });
    const { data, asOf } = await pollStorm(store.client);
    expect(asOf).toBe('2026-09-14T05:00:00.000+08:00');
    expect(data['advisory:2614']).toEqual({
      storm_id: '2614',
      name_zh: '海葵',
      category: 'strong_typhoon',
      ts: '2026-09-14T05:00:00.000+08:00',
      lat: 29.8,
      lon: 122.6,
      pressure_hpa: 960,
      max_wind_ms: 42,
      move_dir_deg: null,
      move_speed_kmh: null,
      radii_km: { r7: { ne: 300, se: 280, sw: 220, nw: 240 }, r10: { ne: 120, se: 110, sw: 90, nw: 100 } },
      observed: [
        { ts: '2026-09-14T02:00:00.000+08:00', lat: 29.5, lon: 123, pressure_hpa: 960 },
        { ts: '2026-09-14T05:00:00.000+08:00', lat: 29.8, lon: 122.6, pressure_hpa: 960 },
      ],
      forecast: [
        {
          ts: '2026-09-14T17:00:00.000+08:00',
          lead_h: 12,
          lat: 30.9,
          lon: 121.9,
          pressure_hpa: 965,
          max_wind_ms: 38,
        },
        {
          ts: '2026-09-15T05:00:00.000+08:00',
          lead_h: 24,
          lat: 31.9,
          lon: 120.8,
          pressure_hpa: null,
          max_wind_ms: null,
        },
      ],
    });
  });
});
