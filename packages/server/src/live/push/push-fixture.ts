import { INTERNAL_TOPICS, isoCstMillis } from '@onegrid/contracts';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { GAUGE_WL1, SHELTER_SH1 } from '../../store-fixture.ts';

// A storm's worth of the pushed channels' inputs, each as a store row and as the processors'
// Kafka message, for the tests that compare the two paths (push-channels.e2e.test.ts).

export interface Item {
  readonly ts: number;
  readonly table: string;
  readonly row: Record<string, unknown>;
  readonly topic: string;
  readonly message: string;
}

const MIN = 60_000;
const START = Date.parse('2026-09-13T08:00:00+08:00');
const END = Date.parse('2026-09-14T10:00:00+08:00');

/** Deterministic uniform draws in [0, 1) (pure-rand's Mersenne Twister): the same items on every run. */
function random(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

const storeTime = (ms: number) => isoCstMillis(ms).slice(0, 23).replace('T', ' ');
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export const GAUGES = [
  GAUGE_WL1,
  {
    gauge_id: 'WL-2',
    name: '龙华港',
    district: '310104',
    lat: 31.17,
    lon: 121.45,
    kind: 'canal',
    warning_level_m: 3,
    guarantee_level_m: 4,
  },
];
export const STATIONS = [
  { station_id: 'AWS-1', name: '外滩', district: '310101', lat: 31.24, lon: 121.49 },
  { station_id: 'AWS-2', name: '人民广场', district: '310101', lat: 31.23, lon: 121.47 },
  { station_id: 'AWS-3', name: '徐家汇', district: '310104', lat: 31.19, lon: 121.43 },
];
export const SHELTERS = [
  SHELTER_SH1,
  { shelter_id: 'SH-2', name: '体育馆', district: '310104', lat: 31.18, lon: 121.44, capacity: 800 },
];

function levels(rand: () => number): Item[] {
  const items: Item[] = [];
  for (const g of GAUGES) {
    let level = 3;
    for (let ts = END - 14 * 60 * MIN; ts <= END; ts += 5 * MIN) {
      level = round(level + (rand() - 0.4) * 0.05, 3);
      const observation = { gauge_id: g.gauge_id, ts: isoCstMillis(ts), level_m: level };
      const message = JSON.stringify({
        kind: 'water_level',
        district: g.district,
        source_partition: 0,
        observation,
      });
      items.push({
        ts,
        table: 'water_levels',
        row: { ...observation, ts: storeTime(ts) },
        topic: INTERNAL_TOPICS.hazardByDistrict,
        message,
      });
    }
  }
  return items;
}

function weather(rand: () => number): Item[] {
  const items: Item[] = [];
  for (const s of STATIONS) {
    let n = 0;
    for (let ts = START; ts <= END; ts += 5 * MIN) {
      n++;
      const o = {
        station_id: s.station_id,
        ts: isoCstMillis(ts),
        period_s: 300,
        wind_speed_ms: round(10 + rand() * 15, 1),
        wind_gust_ms: round(20 + rand() * 15, 1),
        rain_mm: n % 7 === 0 ? null : round(rand() * 6, 1),
        pressure_hpa: s.station_id === 'AWS-3' && n % 5 === 0 ? null : round(960 + rand() * 30, 1),
      };
      const message = JSON.stringify({
        kind: 'weather',
        district: s.district,
        source_partition: 0,
        observation: o,
      });
      const item = {
        ts,
        table: 'weather_observations',
        row: { ...o, ts: storeTime(ts) },
        topic: INTERNAL_TOPICS.hazardByDistrict,
        message,
      };
      items.push(item);
      if (n % 11 === 0) items.push(item); // a duplicate, as real feeds send
    }
  }
  return items;
}

function emergency(rand: () => number): Item[] {
  const items: Item[] = [];
  const actions = ['transferred', 'check_in', 'check_in', 'check_out'] as const;
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    // A repeated event is the same event again (a producer's retry): its time too.
    const ts = times[i % 50] ?? END - Math.floor(rand() * 10 * 60) * MIN;
    times[i] = ts;
    const shelter = SHELTERS[i % 2] as (typeof SHELTERS)[number];
    const event = {
      event_id: `EV-${i % 50}`, // ten ids twice: the same event again
      ts: isoCstMillis(ts),
      shelter_id: shelter.shelter_id,
      district: shelter.district,
      action: actions[(i % 50) % 4] as string,
      people: 1 + (((i % 50) * 7) % 40),
    };
    const message = JSON.stringify({ kind: 'evacuation', event });
    items.push({
      ts,
      table: 'evacuation_events',
      row: { ...event, ts: storeTime(ts) },
      topic: INTERNAL_TOPICS.emergencyByDistrict,
      message,
    });
  }
  const types = ['boat', 'pump', 'rescue_team'] as const;
  const statuses = ['available', 'dispatched', 'on_site', 'returning'] as const;
  for (let i = 0; i < 40; i++) {
    const ts = END - Math.floor(rand() * 10 * 60) * MIN;
    const event = {
      resource_id: `RS-${i % 9}`,
      ts: isoCstMillis(ts),
      type: types[(i % 9) % 3] as string,
      status: statuses[Math.floor(rand() * 4)] as string,
      district: '310101',
      quantity: 1 + ((i % 9) % 3),
    };
    const message = JSON.stringify({ kind: 'resource', event });
    items.push({
      ts,
      table: 'resource_events',
      row: { ...event, ts: storeTime(ts) },
      topic: INTERNAL_TOPICS.emergencyByDistrict,
      message,
    });
  }
  return items;
}

function tickets(rand: () => number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < 40; i++) {
    const reported = END - Math.floor(rand() * 30 * 60) * MIN; // some older than the 24-h window
    const base = {
      ticket_id: `T-${i}`,
      district: i % 3 === 0 ? '310104' : '310101',
      reported_at: isoCstMillis(reported),
      first_resolved_at: null as string | null,
      closed_at: null,
      cancelled_at: i % 13 === 0 ? isoCstMillis(reported + 10 * MIN) : null,
      overdue: i % 4 === 0,
      on_time: null as boolean | null,
      satisfaction: null as number | null,
      resolve_s: null as number | null,
      accept_s: i % 5 === 0 ? null : 60 + i * 17,
      version: 256,
    };
    const versions = [base];
    if (i % 2 === 0) {
      const resolveS = 600 + ((i * 97) % 5000);
      versions.push({
        ...base,
        first_resolved_at: isoCstMillis(reported + resolveS * 1000),
        on_time: resolveS < 3600,
        satisfaction: 1 + (i % 5),
        resolve_s: resolveS,
        version: 512,
      });
    }
    for (const v of versions) {
      const at = toMs(v.first_resolved_at) ?? reported;
      const row = {
        ...v,
        street: 's',
        category: 'waterlogging',
        source: 'app',
        priority: 'urgent',
        department: 'DEPT-DRAINAGE',
        status: v.first_resolved_at === null ? 'reported' : 'resolved',
        reopened: 0,
        limit_s: 3600,
      };
      const storeRow = {
        ...row,
        reported_at: storeTime(reported),
        first_resolved_at: v.first_resolved_at === null ? null : storeTime(at),
        cancelled_at: v.cancelled_at === null ? null : storeTime(reported + 10 * MIN),
      };
      items.push({
        ts: at,
        table: 'tickets',
        row: storeRow,
        topic: INTERNAL_TOPICS.ticketRows,
        message: JSON.stringify(row),
      });
    }
  }
  return items;
}

const toMs = (iso: string | null) => (iso === null ? undefined : Date.parse(iso));

/** Every item, in event-time order (ties in generation order). */
export function pushFixture(seed = 7): Item[] {
  const rand = random(seed);
  return [...levels(rand), ...weather(rand), ...emergency(rand), ...tickets(rand)]
    .map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.ts - b.item.ts || a.i - b.i)
    .map(({ item }) => item);
}
