import { createLogger } from '@onegrid/logging';
import type { Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_CHANNELS } from '../feed/channels.ts';
import { LiveState } from '../feed/live-state.ts';
import { ManualScheduler } from '../feed/manual-scheduler.ts';
import {
  boat,
  evacuation,
  GAUGE_WL1,
  observation,
  openStoreFixture,
  SHELTER_SH1,
  STATIONS,
  ticket,
} from '../store-fixture.ts';
import { startPolling } from './pollers.ts';

// The ClickHouse pollers against embedded ClickHouse (chDB) with the store's migrations.

let store: Store;
const scheduler = new ManualScheduler(Date.parse('2026-09-14T12:00:00+08:00'));
const live = new LiveState({ channels: FEED_CHANNELS, scheduler });

beforeAll(async () => {
  const fixture = await openStoreFixture('pollers');
  store = fixture.store;
  const { insert } = fixture;
  await insert('gauges', [
    GAUGE_WL1,
    {
      gauge_id: 'WL-2',
      name: '无读数',
      district: '310104',
      lat: 31.2,
      lon: 121.4,
      kind: 'canal',
      warning_level_m: 3,
      guarantee_level_m: 4,
    },
  ]);
  await insert('water_levels', [
    { gauge_id: 'WL-1', ts: '2026-09-14 09:00:00.000', level_m: 3.5 },
    { gauge_id: 'WL-1', ts: '2026-09-14 09:30:00.000', level_m: 3.75 },
    { gauge_id: 'WL-1', ts: '2026-09-14 10:00:00.000', level_m: 4.0 },
  ]);
  await insert('stations', STATIONS);
  await insert('weather_observations', [
    observation('AWS-1', '2026-09-14 09:30:00.000', 5, 990),
    observation('AWS-2', '2026-09-14 09:30:00.000', 3, 985),
    observation('AWS-1', '2026-09-14 10:00:00.000', 7, 980),
    observation('AWS-2', '2026-09-14 10:00:00.000', 2, 986),
  ]);
  await insert('tickets', [
    ticket('T1', {
      district: '310101',
      status: 'resolved',
      reported_at: '2026-09-14 08:00:00.000',
      first_resolved_at: '2026-09-14 08:20:00.000',
      resolve_s: 1200,
      on_time: true,
    }),
    ticket('T2', { overdue: true, reported_at: '2026-09-14 09:00:00.000', on_time: false }),
  ]);
  await insert('shelters', [SHELTER_SH1]);
  await insert('evacuation_events', [
    evacuation('E1', '2026-09-14 09:00:00.000', 'transferred', 120),
    evacuation('E2', '2026-09-14 09:10:00.000', 'check_in', 100),
    evacuation('E2', '2026-09-14 09:10:00.000', 'check_in', 100),
  ]);
  await insert('resource_events', [
    boat('RS-BOAT-1', '2026-09-14 08:00:00.000', 'available', '310101', 2),
    boat('RS-BOAT-1', '2026-09-14 09:00:00.000', 'dispatched', '310101', 2),
    boat('RS-BOAT-2', '2026-09-14 09:00:00.000', 'available', '310104', 1),
  ]);
  const polling = startPolling({
    live,
    clickhouse: store.client,
    logger: createLogger('test', 'silent'),
    scheduler,
    intervalMs: 10_000,
  });
  await polling.pollOnce();
  await polling.stop();
  live.flushAll();
});

afterAll(async () => {
  await store?.close();
});

describe('live > ClickHouse pollers', () => {
  it('gauges: latest level, rise, forecast and recent points of gauges with readings', () => {
    const { data, asOf } = live.snapshot('gauges');
    expect(Object.keys(data)).toEqual(['WL-1']);
    expect(data['WL-1']).toMatchObject({
      name: '黄浦公园',
      ts: '2026-09-14T10:00:00.000+08:00',
      level_m: 4.0,
      rise_m_per_h: 0.5,
      forecast_warning_at: '2026-09-14T11:00:00.000+08:00',
      forecast_guarantee_at: '2026-09-14T12:00:00.000+08:00',
      status: 'normal',
    });
    expect((data['WL-1'] as { recent: unknown[] }).recent).toEqual([
      [Date.parse('2026-09-14T09:00:00+08:00'), 3.5],
      [Date.parse('2026-09-14T09:30:00+08:00'), 3.75],
      [Date.parse('2026-09-14T10:00:00+08:00'), 4.0],
    ]);
    expect(asOf).toBe('2026-09-14T10:00:00.000+08:00');
  });

  it('weather: the newest hour per district, rain over 1 h and 24 h; storm: lowest-pressure station per hour', () => {
    const { data } = live.snapshot('weather');
    expect(data['310104']).toEqual({
      district: '310104',
      name: '徐汇区',
      ts: '2026-09-14T10:00:00.000+08:00',
      wind_speed_ms: 20,
      wind_gust_ms: 30,
      rain_1h_mm: 12,
      rain_24h_mm: 12,
      pressure_hpa: 980,
    });
    expect(live.snapshot('storm').data).toEqual({
      track: {
        points: [{ ts: '2026-09-14T10:00:00.000+08:00', lat: 31.19, lon: 121.43, pressure_hpa: 980 }],
      },
    });
  });

  it('tickets: all and per district over the last 24 h', () => {
    const { data } = live.snapshot('tickets');
    expect(data.all).toMatchObject({
      reported: 2,
      resolved: 1,
      open: 1,
      overdue: 1,
      on_time_rate: 0.5,
      window: '24h',
    });
    expect(data['310101']).toMatchObject({ reported: 1, p50_response_s: 1200 });
  });

  it('evacuation and resources: occupancy (a repeated event once) and units by status', () => {
    const { data } = live.snapshot('evacuation');
    expect(data.total).toEqual({ transferred: 120, in_shelters: 100, capacity: 500, free: 400 });
    expect(data['shelter:SH-1']).toMatchObject({ occupancy: 100, capacity: 500, lat: 31.23 });
    expect(live.snapshot('resources').data.boat).toEqual({
      type: 'boat',
      by_status: { available: 1, dispatched: 2, on_site: 0, returning: 0, out_of_service: 0 },
    });
  });
});
