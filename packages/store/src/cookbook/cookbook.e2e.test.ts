import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOPICS } from '@onegrid/contracts';
import type { EvacuationTruth, ResourceTruth, TruthEntry } from '@onegrid/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDerivedStandIns } from '../fixtures/derived-from-truth.ts';
import { type LoadedDay, loadSimulatedDay } from '../fixtures/simulated-day.ts';
import { loadStoreConfig, migrate, openStore, type Store } from '../index.ts';
import { runReadOnlyQuery, SqlQuota } from '../readonly/index.ts';
import { shanghaiTime } from '../time.ts';
import { readCookbook } from './files.ts';
import type { CookbookEntry } from './parse.ts';

// Every cookbook question on a simulated typhoon day (2,000 households, 24 h, landfall at
// 14:00) in real embedded ClickHouse, asked the way an analyst asks it: read-only, with limits.
// Raw tables come from the simulator through the contracts' decoders and the row mappers;
// the processors' tables come from the stand-ins of fixtures/derived-from-truth.ts until the
// processors exist.
const HOUR = 3_600_000;
let store: Store;
let day: LoadedDay;
let entries: CookbookEntry[];
const quota = new SqlQuota({ queriesPerMinute: 1000, rowsReadPerHour: 1e12 });

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-cookbook-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid' }),
  );
  await migrate(store.client);
  day = await loadSimulatedDay(store.client, { households: 2000 });
  await fillDerivedStandIns(store.client, day);
  entries = await readCookbook();
});
afterAll(async () => {
  await store?.close();
});

type Row = Record<string, unknown>;
const results = new Map<string, Row[]>();

/** Parameters of each question: "now" is the end of the day, or 3 h after landfall for storm state. */
function paramsFor(entry: CookbookEntry): Record<string, string | number> {
  const stormNow = [
    '03_gauges_above_warning',
    '04_fastest_rising_gauges',
    '06_rain_totals_by_district',
    '16_silent_meters_by_district',
  ];
  const all: Record<string, string | number> = {
    as_of: shanghaiTime(stormNow.includes(entry.name) ? day.landfall + 3 * HOUR : day.end),
    from: shanghaiTime(day.start),
    to: shanghaiTime(day.end),
    district: '310115',
    top: 5,
    silent_hours: 3,
  };
  return Object.fromEntries(entry.params.map((p) => [p.name, all[p.name] as string | number]));
}

async function ask(name: string): Promise<Row[]> {
  const cached = results.get(name);
  if (cached !== undefined) return cached;
  const entry = entries.find((e) => e.name === name);
  if (entry === undefined) throw new Error(`no cookbook entry ${name}`);
  const outcome = await runReadOnlyQuery(store.client, entry.sql, {
    user: 'analyst',
    params: paramsFor(entry),
    quota,
  });
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
  expect(
    outcome.result.columns.map((c) => c.name),
    `${name} columns`,
  ).toEqual(entry.columns);
  const rows = outcome.result.rows as Row[];
  results.set(name, rows);
  return rows;
}

const num = (v: unknown) => Number(v);
const truthOf = <T extends TruthEntry['type']>(type: T) =>
  day.truth.filter((e): e is Extract<TruthEntry, { type: T }> => e.type === type);

describe('cookbook > every question on a simulated day', () => {
  it('answers each one with rows and the documented columns', async () => {
    expect(entries.length).toBeGreaterThanOrEqual(15);
    for (const entry of entries) {
      const rows = await ask(entry.name);
      expect(rows.length, `${entry.name} returned no row`).toBeGreaterThan(0);
    }
  });
});

describe('cookbook > answers agree with the simulator', () => {
  it('01 lists every planted quiet household whose water readings kept arriving', async () => {
    const asOf = day.end;
    const planted = truthOf('household').filter(
      (h) =>
        (h.kind === 'incident' || h.kind === 'travel') &&
        (h.from === null || Date.parse(h.from) <= asOf - 12 * HOUR) &&
        (h.to === null || Date.parse(h.to) >= asOf),
    );
    const reporting = await store.client.query({
      query: `SELECT household_id FROM household_usage_hourly FINAL
              WHERE hour >= {from:DateTime64(3, 'Asia/Shanghai')} AND hour < {to:DateTime64(3, 'Asia/Shanghai')}
              GROUP BY household_id HAVING sum(water_readings) > 0`,
      query_params: { from: shanghaiTime(asOf - 12 * HOUR), to: shanghaiTime(asOf) },
      format: 'JSONEachRow',
    });
    const withReadings = new Set(
      (await reporting.json<{ household_id: string }>()).map((r) => r.household_id),
    );
    const expected = planted.map((h) => h.household_id).filter((id) => withReadings.has(id));
    const listed = new Set(
      (await ask('01_households_no_water_by_grid')).flatMap((r) => r.household_ids as string[]),
    );
    expect(expected.length).toBeGreaterThan(0);
    for (const id of expected) expect(listed, id).toContain(id);
  });

  it('02 counts open alerts with sensible durations', async () => {
    for (const r of await ask('02_open_inactivity_alerts_by_district')) {
      expect(num(r.critical)).toBeLessThanOrEqual(num(r.open_alerts));
      expect(num(r.mean_open_h)).toBeLessThanOrEqual(num(r.longest_open_h));
      expect(num(r.longest_open_h)).toBeGreaterThanOrEqual(0);
    }
  });

  it('03 shows gauges above warning no earlier than the simulator says they crossed', async () => {
    const firstWarning = new Map(truthOf('gauge').map((g) => [g.gauge_id, g.first_warning]));
    for (const r of await ask('03_gauges_above_warning')) {
      expect(num(r.level_m)).toBeGreaterThanOrEqual(num(r.warning_level_m));
      const truth = firstWarning.get(String(r.gauge_id));
      expect(truth, `${r.gauge_id} never passed warning in the truth`).toBeTruthy();
      const crossedBucket = Date.parse(`${String(r.crossed_at).replace(' ', 'T')}+08:00`);
      expect(crossedBucket).toBeGreaterThanOrEqual(Math.floor(Date.parse(String(truth)) / 300_000) * 300_000);
    }
  });

  it('04 orders at most `top` gauges by their rise', async () => {
    const rows = await ask('04_fastest_rising_gauges');
    expect(rows.length).toBeLessThanOrEqual(5);
    const rises = rows.map((r) => num(r.rise_m_per_h));
    expect(rises).toEqual([...rises].sort((a, b) => b - a));
  });

  it('05 keeps scores in 0..100 with a warning-colour level', async () => {
    for (const r of await ask('05_district_risk_timeline')) {
      expect(num(r.score)).toBeGreaterThanOrEqual(0);
      expect(num(r.max_score)).toBeLessThanOrEqual(100);
      expect(['none', 'blue', 'yellow', 'orange', 'red']).toContain(r.level);
    }
  });

  it('06 has rain totals that grow with the window and stay physical', async () => {
    const rows = await ask('06_rain_totals_by_district');
    expect(rows).toHaveLength(16);
    for (const r of rows) {
      expect(num(r.rain_1h_mm)).toBeLessThanOrEqual(num(r.rain_3h_mm));
      expect(num(r.rain_3h_mm)).toBeLessThanOrEqual(num(r.rain_24h_mm));
      expect(num(r.rain_24h_mm)).toBeLessThan(500);
    }
    expect(Math.max(...rows.map((r) => num(r.rain_24h_mm)))).toBeGreaterThan(20); // a typhoon day
  });

  it('07 counts every reported ticket once, with p50 ≤ p90', async () => {
    const rows = await ask('07_ticket_response_by_department');
    const reported = truthOf('ticket').filter((t) =>
      t.stages.some((s) => s.event === 'reported' && Date.parse(s.ts) < day.end),
    ).length;
    expect(rows.reduce((n, r) => n + num(r.tickets), 0)).toBe(reported);
    for (const r of rows) {
      if (r.p50_resolve_min !== null)
        expect(num(r.p50_resolve_min)).toBeLessThanOrEqual(num(r.p90_resolve_min));
    }
  });

  it('08 and 09 keep rates in 0..1 and ratings in 1..5', async () => {
    for (const r of await ask('08_on_time_rate_by_district')) {
      if (r.on_time_rate !== null) expect(num(r.on_time_rate)).toBeGreaterThanOrEqual(0);
      if (r.on_time_rate !== null) expect(num(r.on_time_rate)).toBeLessThanOrEqual(1);
    }
    for (const r of await ask('09_satisfaction_by_category')) {
      if (r.satisfaction_avg !== null) expect(num(r.satisfaction_avg)).toBeGreaterThanOrEqual(1);
      if (r.satisfaction_avg !== null) expect(num(r.satisfaction_avg)).toBeLessThanOrEqual(5);
    }
  });

  it('10 accounts for every summoned department', async () => {
    for (const r of await ask('10_summoned_departments_late')) {
      expect(num(r.arrived) + num(r.not_arrived)).toBe(num(r.summoned));
      expect(num(r.late) + num(r.arrived_on_time)).toBeLessThanOrEqual(num(r.arrived));
    }
  });

  it('11 and 12 count each evacuation event once, exactly as delivered (repeats included in the feed)', async () => {
    const [evacuation] = truthOf('evacuation') as EvacuationTruth[];
    const transferred = (await ask('11_people_transferred_by_district')).reduce(
      (n, r) => n + num(r.transferred),
      0,
    );
    expect(transferred).toBe(evacuation?.transferred);
    const occupancy = (await ask('12_shelter_occupancy_vs_capacity')).reduce(
      (n, r) => n + num(r.occupancy),
      0,
    );
    const truthOccupancy = Object.values(evacuation?.occupancy ?? {}).reduce((n, v) => n + v, 0);
    expect(occupancy).toBe(truthOccupancy);
  });

  it('13 gives each resource its latest status by event time', async () => {
    const expected = new Map<string, number>();
    for (const r of truthOf('resource') as ResourceTruth[]) {
      const key = `${r.resource_type}/${r.final_status}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const rows = await ask('13_resources_by_type_and_status');
    const resources = rows.reduce((n, r) => n + num(r.resources), 0);
    expect(resources).toBe(truthOf('resource').length);
    const boats = rows.find((r) => r.type === 'boat');
    const truthBoatsAvailable = expected.get('boat/available') ?? 0;
    // quantity of a boat is 1, so units equal resources for boats
    expect(num(boats?.available)).toBe(truthBoatsAvailable);
  });

  it('14 counts each alert once', async () => {
    const total = (await ask('14_alerts_per_hour_by_type')).reduce((n, r) => n + num(r.alerts), 0);
    const stored = await store.client.query({
      query: "SELECT uniqExact(alert_id) AS n FROM alerts WHERE status = 'open'",
      format: 'JSONEachRow',
    });
    expect(total).toBe(num((await stored.json<{ n: string }>())[0]?.n));
  });

  it('15 counts every dead letter the feed produced, by topic', async () => {
    const [counts] = truthOf('counts');
    const rows = (await ask('15_dead_letters_and_late_events_by_topic')).filter(
      (r) => r.kind === 'dead_letter',
    );
    for (const topic of [TOPICS.meterReadings, TOPICS.weatherObservations, TOPICS.waterLevels]) {
      // `invalid` counts every copy a consumer must dead-letter, unknown ids included
      const expected = counts?.topics[topic]?.invalid ?? 0;
      const got = rows.filter((r) => r.topic === topic).reduce((n, r) => n + num(r.messages), 0);
      expect(got, topic).toBe(expected);
    }
  });

  it('16 to 19 stay within physical ranges', async () => {
    for (const r of await ask('16_silent_meters_by_district'))
      expect(num(r.longest_silent_h)).toBeGreaterThanOrEqual(3);
    for (const r of await ask('17_peak_gusts_by_district')) {
      expect(num(r.gust_max_ms)).toBeGreaterThan(0);
      expect(num(r.gust_max_ms)).toBeLessThanOrEqual(120);
    }
    for (const r of await ask('18_district_water_use_hourly')) {
      expect(num(r.water_m3_total)).toBeGreaterThanOrEqual(0);
      expect(num(r.households)).toBeLessThanOrEqual(2000);
    }
    const track = await ask('19_storm_track');
    expect(track).toHaveLength(24);
    expect(Math.min(...track.map((r) => num(r.pressure_hpa)))).toBeLessThan(1000);
  });
});
