import type { Store } from '@onegrid/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAUGE_WL1, openStoreFixture, riskScore as risk, ticket as storeTicket } from './store-fixture.ts';
import { TOKENS, testServer } from './test-support.ts';

// The ClickHouse-backed routes against real embedded ClickHouse (chDB) with the store's migrations.

let store: Store;
let app: FastifyInstance;
const get = (url: string, token: string = TOKENS.duty) =>
  app.inject({ url, headers: { authorization: `Bearer ${token}` } });
const q = (iso: string) => encodeURIComponent(iso);
const GAUGE = { ...GAUGE_WL1, guarantee_level_m: 5.2 };

beforeAll(async () => {
  const fixture = await openStoreFixture('server');
  store = fixture.store;
  const { insert } = fixture;
  await insert('risk_scores', [
    risk('310101', '2026-09-14 08:00:00.000', 40, 'yellow'),
    risk('310101', '2026-09-14 09:00:00.000', 60, 'orange'),
    risk('310104', '2026-09-14 08:00:00.000', 20, 'blue'),
  ]);
  // A replayed row: the same (district, ts) again must not show twice.
  await insert('risk_scores', [risk('310101', '2026-09-14 08:00:00.000', 40, 'yellow')]);
  await insert('gauges', [GAUGE]);
  await insert('water_levels', [
    { gauge_id: 'WL-1', ts: '2026-09-14 08:01:00.000', level_m: 4.0 },
    { gauge_id: 'WL-1', ts: '2026-09-14 08:03:00.000', level_m: 4.6 },
    { gauge_id: 'WL-1', ts: '2026-09-14 08:07:00.000', level_m: 4.2 },
  ]);
  const alert = (
    alert_id: string,
    type: string,
    status: string,
    district: string,
    since: string,
    detected_at: string,
  ) => ({
    alert_id,
    type,
    severity: 'warning',
    status,
    subject: `S-${alert_id}`,
    district,
    grid: '',
    since,
    detected_at,
    raised_at: null,
    evidence: JSON.stringify({ level_m: 4.6 }),
  });
  await insert('alerts', [
    alert('A1', 'water_level', 'open', '310101', '2026-09-14 08:00:00.000', '2026-09-14 08:03:00.000'),
    alert('A1', 'water_level', 'resolved', '310101', '2026-09-14 08:00:00.000', '2026-09-14 09:00:00.000'),
    alert('A2', 'ticket_overdue', 'open', '310104', '2026-09-14 08:30:00.000', '2026-09-14 08:30:00.000'),
  ]);
  const ticket = (ticket_id: string, district: string, reported_at: string, extra: Record<string, unknown>) =>
    storeTicket(ticket_id, {
      district,
      street: `${district}001`,
      category: 'waterlogging',
      source: 'hotline',
      reported_at,
      ...extra,
    });
  await insert('tickets', [
    ticket('T1', '310101', '2026-09-14 08:00:00.000', {
      first_resolved_at: '2026-09-14 08:30:00.000',
      resolve_s: 1800,
      on_time: true,
      satisfaction: 5,
    }),
    ticket('T2', '310101', '2026-09-14 09:00:00.000', {}),
    ticket('T3', '310104', '2026-09-14 08:10:00.000', {
      first_resolved_at: '2026-09-14 10:10:00.000',
      resolve_s: 7200,
      on_time: false,
      satisfaction: 2,
    }),
  ]);
  app = testServer({ clickhouse: store.client });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

const RANGE = `from=${q('2026-09-14T07:00:00+08:00')}&to=${q('2026-09-14T12:00:00+08:00')}`;

describe('server > ClickHouse routes', () => {
  it('/api/risk/history: one district, oldest first, each (district, ts) once, Beijing times', async () => {
    const response = await get(`/api/risk/history?district=310101&${RANGE}`, TOKENS.leader);
    expect(response.statusCode).toBe(200);
    expect(response.json().scores).toEqual([
      {
        district: '310101',
        ts: '2026-09-14T08:00:00.000+08:00',
        score: 40,
        level: 'yellow',
        components: { wind: 0.5, rain: 0.4, water: 0.3, exposure: 0.2 },
      },
      {
        district: '310101',
        ts: '2026-09-14T09:00:00.000+08:00',
        score: 60,
        level: 'orange',
        components: { wind: 0.5, rain: 0.4, water: 0.3, exposure: 0.2 },
      },
    ]);
    const all = await get(`/api/risk/history?${RANGE}`, TOKENS.analyst);
    expect(all.json().scores).toHaveLength(3);
  });

  it('/api/gauges/:id/levels: 5-minute buckets with thresholds and status; 404 for an unknown gauge', async () => {
    const response = await get(`/api/gauges/WL-1/levels?${RANGE}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.gauge).toMatchObject({
      gauge_id: 'WL-1',
      name: '黄浦公园',
      warning_level_m: 4.5,
      guarantee_level_m: 5.2,
    });
    expect(body.levels).toEqual([
      {
        ts: '2026-09-14T08:00:00.000+08:00',
        level_max_m: 4.6,
        level_min_m: 4.0,
        level_last_m: 4.6,
        readings: 2,
        status: 'warning',
      },
      {
        ts: '2026-09-14T08:05:00.000+08:00',
        level_max_m: 4.2,
        level_min_m: 4.2,
        level_last_m: 4.2,
        readings: 1,
        status: 'normal',
      },
    ]);
    const unknown = await get(`/api/gauges/WL-404/levels?${RANGE}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('no gauge "WL-404" in the registry');
  });

  it('/api/alerts: the latest status of each alert, filtered', async () => {
    const open = await get(`/api/alerts?status=open&${RANGE}`);
    expect(open.json().alerts.map((a: { alert_id: string }) => a.alert_id)).toEqual(['A2']);
    const water = await get(`/api/alerts?type=water_level&${RANGE}`);
    expect(water.json().alerts).toEqual([
      {
        alert_id: 'A1',
        type: 'water_level',
        severity: 'warning',
        status: 'resolved',
        subject: 'S-A1',
        district: '310101',
        grid: null,
        since: '2026-09-14T08:00:00.000+08:00',
        opened_at: '2026-09-14T08:03:00.000+08:00',
        resolved_at: '2026-09-14T09:00:00.000+08:00',
        evidence: { level_m: 4.6 },
      },
    ]);
    const before = await get(
      `/api/alerts?from=${q('2026-09-14T06:00:00+08:00')}&to=${q('2026-09-14T07:00:00+08:00')}`,
    );
    expect(before.json().alerts).toEqual([]);
  });

  it('/api/tickets/kpis: counts, rates and percentiles per bucket and group', async () => {
    const response = await get(`/api/tickets/kpis?${RANGE}&group=district&bucket=day`, TOKENS.leader);
    expect(response.json().message).toBeUndefined();
    expect(response.json()).toEqual({
      group: 'district',
      bucket: 'day',
      rows: [
        {
          bucket: '2026-09-14T00:00:00.000+08:00',
          district: '310101',
          reported: 2,
          resolved: 1,
          open: 1,
          overdue: 0,
          on_time_rate: 1,
          satisfaction_rate: 1,
          p50_response_s: 1800,
          p90_response_s: 1800,
          p50_accept_s: null,
          on_time: 1,
          late: 0,
          rated: 1,
          satisfied: 1,
        },
        {
          bucket: '2026-09-14T00:00:00.000+08:00',
          district: '310104',
          reported: 1,
          resolved: 1,
          open: 0,
          overdue: 0,
          on_time_rate: 0,
          satisfaction_rate: 0,
          p50_response_s: 7200,
          p90_response_s: 7200,
          p50_accept_s: null,
          on_time: 0,
          late: 1,
          rated: 1,
          satisfied: 0,
        },
      ],
    });
    const hourly = await get(`/api/tickets/kpis?${RANGE}&group=department&bucket=hour`, TOKENS.analyst);
    expect(
      hourly
        .json()
        .rows.map((r: { bucket: string; department: string; reported: number }) => [
          r.bucket,
          r.department,
          r.reported,
        ]),
    ).toEqual([
      ['2026-09-14T08:00:00.000+08:00', 'water', 2],
      ['2026-09-14T09:00:00.000+08:00', 'water', 1],
    ]);
  });

  it('/api/registry/:name: the seeded districts and the registered gauges', async () => {
    const districts = await get('/api/registry/districts', TOKENS.display);
    expect(districts.json().districts).toHaveLength(16);
    expect(districts.json().districts[0]).toEqual({
      code: '310101',
      name_zh: '黄浦区',
      name_en: 'Huangpu',
      population: 662030,
    });
    const gauges = await get('/api/registry/gauges', TOKENS.display);
    expect(gauges.json().gauges).toEqual([GAUGE]);
  });
});
