import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStoreConfig, type Migration, migrate, openStore, readMigrations, type Store } from './index.ts';

// Real embedded ClickHouse (chDB) in a fresh folder; CLICKHOUSE_URL, when set, points the
// same test at a server instead.
let store: Store;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-chdb-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid_store_test' }),
  );
});
afterAll(async () => {
  await store.close();
});

describe('store > migrate', () => {
  it('applies every migration once and records it', async () => {
    const shipped = await readMigrations();
    const first = await migrate(store.client);
    // The access-control migrations are recorded but skipped: embedded chDB has no access control.
    expect(first.skipped).toEqual(['0010_analyst_access', '0035_analyst_nice']);
    expect(first.applied).toHaveLength(shipped.length - 2);
    const second = await migrate(store.client);
    expect(second).toEqual({ applied: [], alreadyApplied: shipped.length, skipped: [] });
  });

  it('refuses a recorded migration whose file changed', async () => {
    const shipped = await readMigrations();
    const tampered: Migration[] = shipped.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(store.client, tampered)).rejects.toThrow(/was changed after it was applied/);
  });

  it('round-trips meter readings and deduplicates a replayed insert block', async () => {
    const rows = [
      {
        meter_id: 'WM-1',
        household_id: 'HH-1',
        kind: 'water',
        ts: '2026-09-14 08:15:00.000',
        reading: 1834.562,
      },
      {
        meter_id: 'EM-1',
        household_id: 'HH-1',
        kind: 'electricity',
        ts: '2026-09-14 08:15:00.000',
        reading: 20411.8,
      },
    ];
    const settings = { insert_deduplication_token: 'meter-readings/0/100-101' };
    await store.client.insert({
      table: 'meter_readings',
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
    await store.client.insert({
      table: 'meter_readings',
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: settings,
    });
    const result = await store.client.query({
      query:
        "SELECT kind, reading, toString(ts) AS ts FROM meter_readings WHERE household_id = 'HH-1' ORDER BY kind",
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { kind: 'water', reading: 1834.562, ts: '2026-09-14 08:15:00.000' },
      { kind: 'electricity', reading: 20411.8, ts: '2026-09-14 08:15:00.000' },
    ]);
  });
});

describe('store > chDB connections (issue 17)', () => {
  it('runs statements of concurrent callers side by side, each in the store database', async (ctx) => {
    const pool = store.pool;
    if (pool === undefined) return ctx.skip('a server: connections of its own, no pool');
    await store.client.command({ query: 'CREATE TABLE pool_probe (n UInt32) ENGINE = MergeTree ORDER BY n' });
    // Started together, not one after another: each goes to the connection with the fewest
    // calls under way, and inserts by the table's bare name, which resolves only where `USE` ran.
    const inserts = Array.from({ length: 2 * pool.busy().length }, (_, i) =>
      pool.command({ query: `INSERT INTO pool_probe VALUES (${i})` }),
    );
    expect(pool.busy()).toEqual(pool.busy().map(() => 2));
    await Promise.all(inserts);
    expect(pool.busy().every((n) => n === 0)).toBe(true);
    const databases = await Promise.all(
      pool.busy().map(async () => {
        const result = await store.client.query({
          query: 'SELECT currentDatabase() AS db',
          format: 'JSONEachRow',
        });
        return result.json();
      }),
    );
    expect(databases).toEqual(databases.map(() => [{ db: 'onegrid_store_test' }]));
    const count = await store.client.query({
      query: 'SELECT count() AS n FROM pool_probe',
      format: 'JSONEachRow',
    });
    expect(await count.json()).toEqual([{ n: inserts.length }]); // chDB: UInt64 as a number
  });
});
