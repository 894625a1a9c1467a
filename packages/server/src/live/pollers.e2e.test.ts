import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_CHANNELS } from '../feed/channels.ts';
import { LiveState } from '../feed/live-state.ts';
import { ManualScheduler } from '../feed/manual-scheduler.ts';
import { startPolling } from './pollers.ts';

// The ClickHouse pollers against embedded ClickHouse (chDB) with the store's migrations.

let store: Store;
const scheduler = new ManualScheduler(Date.parse('2026-09-14T12:00:00+08:00'));
const live = new LiveState({ channels: FEED_CHANNELS, scheduler });

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-pollers-chdb-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid_pollers_test' }),
  );
  await migrate(store.client);
  const insert = (table: string, values: Record<string, unknown>[]) =>
    store.client.insert({ table, values, format: 'JSONEachRow' });
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
  await insert('stations', [
    { station_id: 'AWS-1', name: '徐家汇', district: '310104', lat: 31.19, lon: 121.43 },
    { station_id: 'AWS-2', name: '外滩', district: '310101', lat: 31.24, lon: 121.49 },
  ]);
  const obs = (station_id: string, ts: string, rain_mm: number, pressure_hpa: number) => ({
    station_id,
    ts,
    period_s: 300,
    wind_speed_ms: 20,
    wind_gust_ms: 30,
    wind_dir_deg: 90,
    rain_mm,
    pressure_hpa,
    temp_c: 25,
  });
  await insert('weather_observations', [
    obs('AWS-1', '2026-09-14 09:30:00.000', 5, 990),
    obs('AWS-2', '2026-09-14 09:30:00.000', 3, 985),
    obs('AWS-1', '2026-09-14 10:00:00.000', 7, 980),
    obs('AWS-2', '2026-09-14 10:00:00.000', 2, 986),
  ]);
  await insert('tickets', [
    {
      ticket_id: 'T1',
      district: '310101',
      street: 's',
      category: 'c',
      source: 'app',
      priority: 'urgent',
      department: 'water',
      status: 'resolved',
      reopened: 0,
      limit_s: 3600,
      overdue: false,
      version: 1,
      reported_at: '2026-09-14 08:00:00.000',
      first_resolved_at: '2026-09-14 08:20:00.000',
      resolve_s: 1200,
      on_time: true,
    },
    {
      ticket_id: 'T2',
      district: '310104',
      street: 's',
      category: 'c',
      source: 'app',
      priority: 'urgent',
      department: 'water',
      status: 'reported',
      reopened: 0,
      limit_s: 3600,
      overdue: true,
      version: 1,
      reported_at: '2026-09-14 09:00:00.000',
      on_time: false,
    },
  ]);
  await insert('shelters', [
    { shelter_id: 'SH-1', name: '第一中学', district: '310101', lat: 31.23, lon: 121.48, capacity: 500 },
  ]);
  await insert('evacuation_events', [
    {
      event_id: 'E1',
      ts: '2026-09-14 09:00:00.000',
      shelter_id: 'SH-1',
      district: '310101',
      action: 'transferred',
      people: 120,
    },
    {
      event_id: 'E2',
      ts: '2026-09-14 09:10:00.000',
      shelter_id: 'SH-1',
      district: '310101',
      action: 'check_in',
      people: 100,
    },
    {
      event_id: 'E2',
      ts: '2026-09-14 09:10:00.000',
      shelter_id: 'SH-1',
      district: '310101',
      action: 'check_in',
      people: 100,
    },
  ]);
  await insert('resource_events', [
    {
      resource_id: 'RS-BOAT-1',
      ts: '2026-09-14 08:00:00.000',
      type: 'boat',
      status: 'available',
      district: '310101',
      quantity: 2,
    },
    {
      resource_id: 'RS-BOAT-1',
      ts: '2026-09-14 09:00:00.000',
      type: 'boat',
      status: 'dispatched',
      district: '310101',
      quantity: 2,
    },
    {
      resource_id: 'RS-BOAT-2',
      ts: '2026-09-14 09:00:00.000',
      type: 'boat',
      status: 'available',
      district: '310104',
      quantity: 1,
    },
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
