import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDdl } from '../cluster/generate.ts';
import { parseStatement } from '../ddl/statements.ts';
import { describeDatabase } from '../docs/describe.ts';
import { commentedColumns, normalizeMarkdown, renderDataDictionary } from '../docs/render.ts';
import { loadStoreConfig, migrate, openStore, readMigrations, type Store } from '../index.ts';
import { applyRetention } from '../retention.ts';
import { ROW_INSERT_SETTINGS } from '../rows/tables.ts';

// The shipped migrations on real embedded ClickHouse: they re-run safely, say what every column
// means, keep personal data out, and their cluster variant is valid ClickHouse SQL.
let store: Store;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-schema-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid' }),
  );
  await migrate(store.client);
});
afterAll(async () => {
  await store?.close();
});

async function rows<T>(query: string, query_params?: Record<string, unknown>): Promise<T[]> {
  return (
    await store.client.query({ query, format: 'JSONEachRow', ...(query_params ? { query_params } : {}) })
  ).json<T>();
}

describe('schema > migrations', () => {
  it('can re-run every statement (a crash mid-file re-runs the file) without duplicating the seed', async () => {
    for (const migration of await readMigrations()) {
      for (const statement of migration.statements) {
        // Access control (0010) is a server's; embedded chDB refuses it (readonly/access.e2e.test.ts).
        if (parseStatement(statement).kind === 'access') continue;
        await store.client.command({ query: statement });
      }
    }
    const [count] = await rows<{ n: string }>('SELECT count() AS n FROM districts');
    expect(Number(count?.n)).toBe(16);
  });

  it("names Shanghai's districts through the dictionary", async () => {
    const [row] = await rows<{ name: string; pop: number }>(
      "SELECT dictGet('district_dict', 'name_zh', '310115') AS name, dictGet('district_dict', 'population', '310115') AS pop",
    );
    expect(row).toEqual({ name: '浦东新区', pop: 5681512 });
  });

  it('documents every column of every table, view and dictionary', async () => {
    const db = await describeDatabase(store.client);
    const materializedViews = new Set(
      db.tables.filter((t) => t.engine === 'MaterializedView').map((t) => t.name),
    );
    const missing = commentedColumns(db)
      .filter((c) => c.comment === '' && !materializedViews.has(c.table))
      .map((c) => `${c.table}.${c.name}`);
    expect(missing).toEqual([]);
    const undocumented = db.tables
      .filter((t) => t.engine !== 'MaterializedView' && t.comment === '')
      .map((t) => t.name);
    expect(undocumented).toEqual([]);
  });

  it('keeps the checked-in data dictionary in step with the migrations', async () => {
    const file = path.resolve(import.meta.dirname, '../../docs/data-dictionary.md');
    const expected = renderDataDictionary(await describeDatabase(store.client));
    const stale = 'stale: run node packages/store/src/cli/data-dictionary.ts';
    expect(normalizeMarkdown(await readFile(file, 'utf8')), stale).toBe(normalizeMarkdown(expected));
  });

  it('has no column for names, phone numbers or contacts of people', async () => {
    const personal = await rows<{ table: string; name: string }>(
      `SELECT table, name FROM system.columns WHERE database = currentDatabase()
       AND (name ILIKE '%phone%' OR name ILIKE '%contact%' OR (name = 'name' AND table ILIKE 'household%'))`,
    );
    expect(personal).toEqual([]);
  });
});

describe('schema > rollups', () => {
  it('stay exact when a message is stored twice', async () => {
    const level = { gauge_id: 'WL-T-1', ts: '2026-09-14T08:01:00+08:00', level_m: 4.5 };
    const rain = {
      station_id: 'AWS-T-1',
      ts: '2026-09-14T08:05:00+08:00',
      period_s: 300,
      rain_mm: 6.2,
      wind_gust_ms: 30,
    };
    const later = { ...rain, ts: '2026-09-14T08:10:00+08:00', rain_mm: 1.8, wind_gust_ms: 20 };
    for (const values of [[level], [level]]) {
      await store.client.insert({
        table: 'water_levels',
        values,
        format: 'JSONEachRow',
        clickhouse_settings: ROW_INSERT_SETTINGS,
      });
    }
    for (const values of [[rain], [rain, later]]) {
      await store.client.insert({
        table: 'weather_observations',
        values,
        format: 'JSONEachRow',
        clickhouse_settings: ROW_INSERT_SETTINGS,
      });
    }
    expect(
      await rows(
        "SELECT level_max_m, level_last_m, toUInt32(readings) AS readings FROM gauge_levels_5m WHERE gauge_id = 'WL-T-1'",
      ),
    ).toEqual([{ level_max_m: 4.5, level_last_m: 4.5, readings: 1 }]);
    expect(
      await rows(
        "SELECT rain_mm, gust_max_ms, toUInt32(observations) AS observations FROM weather_hourly WHERE station_id = 'AWS-T-1'",
      ),
    ).toEqual([{ rain_mm: 8, gust_max_ms: 30, observations: 2 }]);
  });
});

describe('schema > retention', () => {
  it('sets and removes a TTL per table', async () => {
    await applyRetention(store.client, { meter_readings: 400, household_usage_hourly: 30, late_events: 0 });
    const ttl = await rows<{ name: string; q: string }>(
      "SELECT name, create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name IN ('meter_readings', 'household_usage_hourly', 'late_events') ORDER BY name",
    );
    expect(ttl.map((t) => [t.name, /TTL (.*?) SETTINGS/.exec(t.q)?.[1] ?? null])).toEqual([
      ['household_usage_hourly', 'hour + toIntervalDay(30)'],
      ['late_events', null],
      ['meter_readings', 'toDateTime(ts) + toIntervalDay(400)'],
    ]);
    await applyRetention(store.client, { meter_readings: 0 });
  });
});

describe('schema > cluster variant', () => {
  it('is valid ClickHouse SQL, statement by statement', async () => {
    const generated = clusterDdl(await readMigrations(), { cluster: 'city', database: 'onegrid' });
    for (const m of generated) {
      for (const statement of m.statements) {
        const [row] = await rows<{ f: string }>('SELECT formatQuerySingleLine({q:String}) AS f', {
          q: statement,
        });
        expect(row?.f.length, statement).toBeGreaterThan(0);
      }
    }
  });
});
