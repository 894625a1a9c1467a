import { decodeOrThrow, schemaFor, TOPICS } from '@onegrid/contracts';
import { type Store, typhoonAdvisoryRow } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedChannel } from '../feed/channels.ts';
import type { Polled } from '../live/poll.ts';
import { CLICKHOUSE_POLLERS } from '../live/pollers.ts';
import {
  boat,
  evacuation,
  GAUGE_WL1,
  observation as obs,
  openStoreFixture,
  riskScore,
  SHELTER_SH1,
  STATIONS,
  type StoreFixture,
  ticket,
} from '../store-fixture.ts';
import { channelsAsOf } from './frames.ts';

/*
 * A stored storm's rows on embedded ClickHouse (chDB, the store's migrations). The rows up to T
 * are stored first and the live pollers read them: what the screen showed at T. Then the rows
 * after T arrive (later readings, a ticket resolved, an alert resolved, a shelter filling, a
 * boat dispatched, a newer advisory) and the replay reads as of T: it must show the same.
 */

const T = Date.parse('2026-09-14T10:00:00.000+08:00');
let fixture: StoreFixture;
let store: Store;
let liveAtT: Polled<FeedChannel>[];
let replayAtT: Polled<FeedChannel>[];
let liveAfter: Polled<FeedChannel>[];

const insert = (table: string, values: Record<string, unknown>[]) => fixture.insert(table, values);
const alert = (id: string, status: string, detected_at: string) => ({
  alert_id: id,
  type: 'water_level',
  severity: 'warning',
  status,
  subject: 'WL-1',
  district: '310101',
  grid: '',
  since: '2026-09-14 09:20:00.000',
  detected_at,
  evidence: '{"level_m":4.6}',
});
const advisory = (ts: string, lat: number, lon: number) =>
  typhoonAdvisoryRow(
    decodeOrThrow(
      schemaFor(TOPICS.typhoonAdvisories),
      JSON.stringify({ storm_id: '2614', name_zh: '海葵', ts, lat, lon, pressure_hpa: 960 }),
    ),
  );

async function storeUpToT() {
  await insert('districts', [{ code: '310101', name_zh: '黄浦区', name_en: 'Huangpu', population: 1 }]);
  await insert('gauges', [GAUGE_WL1]);
  await insert('stations', STATIONS);
  await insert('shelters', [SHELTER_SH1]);
  await insert('water_levels', [
    { gauge_id: 'WL-1', ts: '2026-09-14 09:00:00.000', level_m: 3.5 },
    { gauge_id: 'WL-1', ts: '2026-09-14 09:30:00.000', level_m: 3.75 },
    { gauge_id: 'WL-1', ts: '2026-09-14 10:00:00.000', level_m: 3.8 },
  ]);
  await insert('weather_observations', [
    obs('AWS-1', '2026-09-14 08:30:00.000', 5, 990),
    obs('AWS-2', '2026-09-14 09:30:00.000', 3, 985),
    obs('AWS-2', '2026-09-14 10:00:00.000', 1, 984),
  ]);
  await insert('tickets', [
    ticket('T2', {
      reported_at: '2026-09-14 08:40:00.000',
      deadline: '2026-09-14 09:40:00.000',
      overdue: true,
      on_time: false,
    }),
    ticket('T4', { reported_at: '2026-09-14 09:30:00.000', deadline: '2026-09-14 10:30:00.000' }),
  ]);
  await insert('evacuation_events', [
    evacuation('E1', '2026-09-14 09:00:00.000', 'transferred', 120),
    evacuation('E2', '2026-09-14 09:10:00.000', 'check_in', 100),
  ]);
  await insert('resource_events', [boat('RS-BOAT-1', '2026-09-14 08:00:00.000', 'available', '310101', 2)]);
  await insert('typhoon_advisories', [advisory('2026-09-14T08:00:00+08:00', 29.5, 123.0)]);
  await insert('risk_scores', [
    riskScore('310101', '2026-09-14 09:00:00.000', 40, 'yellow', {
      wind: 0.4,
      rain: 0.3,
      water: 0.5,
      exposure: 0.2,
    }),
  ]);
  await insert('alerts', [alert('A1', 'open', '2026-09-14 09:20:00.000')]);
}

async function storeAfterT() {
  await insert('water_levels', [{ gauge_id: 'WL-1', ts: '2026-09-14 10:02:00.000', level_m: 4.0 }]);
  await insert('weather_observations', [obs('AWS-1', '2026-09-14 10:05:00.000', 7, 980)]);
  await insert('tickets', [
    ticket('T2', {
      version: 2,
      status: 'resolved',
      reported_at: '2026-09-14 08:40:00.000',
      deadline: '2026-09-14 09:40:00.000',
      accepted_at: '2026-09-14 10:00:00.000',
      accept_s: 4800,
      first_resolved_at: '2026-09-14 10:30:00.000',
      resolve_s: 6600,
      on_time: false,
    }),
    ticket('T3', { reported_at: '2026-09-14 10:10:00.000' }),
  ]);
  await insert('evacuation_events', [evacuation('E3', '2026-09-14 10:20:00.000', 'check_in', 50)]);
  await insert('resource_events', [boat('RS-BOAT-1', '2026-09-14 10:15:00.000', 'dispatched', '310101', 2)]);
  await insert('typhoon_advisories', [advisory('2026-09-14T11:00:00+08:00', 30.0, 122.4)]);
  await insert('risk_scores', [
    riskScore('310101', '2026-09-14 10:05:00.000', 70, 'orange', {
      wind: 0.7,
      rain: 0.6,
      water: 0.8,
      exposure: 0.2,
    }),
  ]);
  await insert('alerts', [
    alert('A1', 'resolved', '2026-09-14 10:10:00.000'),
    alert('A2', 'open', '2026-09-14 10:05:00.000'),
  ]);
}

const byChannel = (polled: Polled<FeedChannel>[]) => Object.fromEntries(polled.map((p) => [p.channel, p]));

beforeAll(async () => {
  fixture = await openStoreFixture('replay');
  store = fixture.store;
  await storeUpToT();
  liveAtT = [];
  for (const poll of CLICKHOUSE_POLLERS) liveAtT.push(await poll(store.client));
  await storeAfterT();
  replayAtT = await channelsAsOf(store.client, T);
  liveAfter = [];
  for (const poll of CLICKHOUSE_POLLERS) liveAfter.push(await poll(store.client));
});

afterAll(async () => {
  await store?.close();
});

describe('replay > channels as of T, on chDB', () => {
  it.each(CLICKHOUSE_POLLERS.map((_, i) => i))(
    'poller %i: the replay at T equals what the live poller showed at T',
    (i) => {
      const live = liveAtT[i];
      if (live === undefined) throw new Error('no live poll');
      expect(byChannel(replayAtT)[live.channel]).toEqual(live);
      // The rows after T changed the live answer, so the equality above is the bound at work.
      expect(liveAfter[i]).not.toEqual(live);
    },
  );

  it("risk: each district's latest score at T, with its name, as the live feed carries it", () => {
    expect(byChannel(replayAtT).risk).toEqual({
      channel: 'risk',
      asOf: '2026-09-14T09:00:00.000+08:00',
      data: {
        '310101': {
          district: '310101',
          ts: '2026-09-14T09:00:00.000+08:00',
          score: 40,
          level: 'yellow',
          components: { wind: 0.4, rain: 0.3, water: 0.5, exposure: 0.2 },
          name: '黄浦区',
        },
      },
    });
  });

  it('alerts: open at T (resolved and raised later are not), evidence parsed', () => {
    const alerts = byChannel(replayAtT).alerts;
    expect(Object.keys(alerts?.data ?? {})).toEqual(['A1']);
    expect(alerts?.data.A1).toMatchObject({ status: 'open', evidence: { level_m: 4.6 } });
    expect(alerts?.data.A1).not.toHaveProperty('grid');
  });
});
