import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStoreConfig, migrate, openStore, type Store } from '../index.ts';
import { runReadOnlyQuery, SqlQuota } from './index.ts';

// Analysts' SQL against real embedded ClickHouse: what runs, what is refused, and that a
// refused or failed query leaves the shared session as it was.
let store: Store;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-readonly-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid' }),
  );
  await migrate(store.client);
});
afterAll(async () => {
  await store?.close();
});

const run = (sql: string, extra: Partial<Parameters<typeof runReadOnlyQuery>[2]> = {}) =>
  runReadOnlyQuery(store.client, sql, { user: 'ana', ...extra });

async function districtCount(): Promise<number> {
  const result = await store.client.query({
    query: 'SELECT count() AS n FROM districts FINAL',
    format: 'JSONEachRow',
  });
  return Number((await result.json<{ n: string }>())[0]?.n);
}

describe('readonly > runReadOnlyQuery', () => {
  it('answers a SELECT with parameters, column types and what it read', async () => {
    const outcome = await run(
      'SELECT code, name_zh FROM districts WHERE population > {min:UInt32} ORDER BY code',
      {
        params: { min: 2_000_000 },
      },
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.columns).toEqual([
      { name: 'code', type: 'String' },
      { name: 'name_zh', type: 'String' },
    ]);
    expect(outcome.result.rows.map((r) => r.name_zh)).toEqual(['闵行区', '宝山区', '浦东新区']);
    expect(outcome.result.statistics.rowsRead).toBeGreaterThanOrEqual(16);
  });

  it('runs SHOW, DESCRIBE, EXPLAIN and WITH', async () => {
    for (const sql of ['SHOW TABLES', 'DESCRIBE TABLE alerts', 'EXPLAIN SELECT 1', 'WITH 2 AS x SELECT x']) {
      const outcome = await run(sql);
      expect(outcome.ok, sql).toBe(true);
    }
  });

  it('describes the store through the catalog views, and only onegrid’s own database', async () => {
    const tables = await run('SELECT table, engine FROM catalog_tables ORDER BY table');
    expect(tables.ok).toBe(true);
    if (!tables.ok) return;
    const names = tables.result.rows.map((r) => r.table);
    expect(names).toEqual(expect.arrayContaining(['alerts', 'meter_readings', 'catalog_tables']));
    // system.tables alone holds dozens of tables (system.*, information_schema.*): none may show.
    expect(names).not.toContain('processes');
    expect(names).not.toContain('one');
    const columns = await run(
      "SELECT count() AS n, uniqExact(table) AS t FROM catalog_columns WHERE table = 'alerts'",
    );
    expect(columns.ok && Number(columns.result.rows[0]?.n)).toBeGreaterThan(5);
    for (const view of ['catalog_dictionaries', 'catalog_parts']) {
      const outcome = await run(`SELECT * FROM ${view} LIMIT 100`);
      expect(outcome.ok, view).toBe(true);
    }
    const dictionaries = await run('SELECT dictionary FROM catalog_dictionaries ORDER BY dictionary');
    expect(dictionaries.ok && dictionaries.result.rows.map((r) => r.dictionary)).toContain('district_dict');
    // The system tables themselves stay refused.
    const direct = await run('SELECT name FROM system.tables');
    expect(direct.ok).toBe(false);
  });

  it("returns ClickHouse's own error for a bad query, without throwing", async () => {
    const outcome = await run('SELECT code FROM districts WHERE');
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'CLICKHOUSE_ERROR', clickhouseCode: 62, clickhouseName: 'SYNTAX_ERROR' },
    });
    const unknown = await run('SELECT nope FROM districts');
    expect(unknown).toMatchObject({ ok: false, error: { clickhouseName: 'UNKNOWN_IDENTIFIER' } });
  });

  it('refuses writes, DDL, a second statement and file output, and changes nothing', async () => {
    for (const sql of [
      "INSERT INTO districts (code) VALUES ('999999')",
      'DROP TABLE districts',
      'TRUNCATE TABLE districts',
      'SET readonly = 0',
      "SELECT 1 INTO OUTFILE '/tmp/onegrid-readonly-test.txt'",
      "SHOW TABLES INTO OUTFILE '/tmp/onegrid-readonly-test.txt'",
    ]) {
      const outcome = await run(sql);
      expect(outcome.ok, sql).toBe(false);
    }
    expect(await run('SELECT 1; DROP TABLE districts')).toMatchObject({
      ok: false,
      error: { clickhouseName: 'SYNTAX_ERROR' },
    });
    expect(await run("SELECT * FROM file('/etc/hostname', 'LineAsString')")).toMatchObject({
      ok: false,
      error: { code: 'NOT_READ_ONLY', message: 'refused: the table function file()' },
    });
    expect(await districtCount()).toBe(16);
  });

  it('enforces result size, rows read and execution time', async () => {
    expect(await run('SELECT arrayJoin(range(1000)) AS n', { limits: { maxResultRows: 10 } })).toMatchObject({
      ok: false,
      error: { clickhouseName: 'TOO_MANY_ROWS_OR_BYTES' },
    });
    expect(
      await run('SELECT sum(population) FROM districts', { limits: { maxRowsToRead: 5 } }),
    ).toMatchObject({ ok: false, error: { clickhouseName: 'TOO_MANY_ROWS' } });
    expect(
      await run(
        'SELECT count() FROM (SELECT arrayJoin(range(100000)) AS a) AS x CROSS JOIN (SELECT arrayJoin(range(100000)) AS b) AS y WHERE sipHash64(a, b) % 7 = 3',
        { limits: { maxExecutionTimeS: 1, maxRowsToRead: 0 } },
      ),
    ).toMatchObject({ ok: false, error: { clickhouseName: 'TIMEOUT_EXCEEDED' } });
    // A SETTINGS clause of its own, even deep in a subquery, is refused before anything runs.
    expect(
      await run(
        'SELECT sum(population) FROM (SELECT population FROM districts SETTINGS max_rows_to_read = 0)',
        {
          limits: { maxRowsToRead: 5 },
        },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_READ_ONLY', message: expect.stringMatching(/SETTINGS/) },
    });
  });

  it('stops a memory-hungry query at its memory limit, and the next query runs', async () => {
    const hungry = await run(
      'SELECT uniqExact(a * 1000000 + b) FROM (SELECT arrayJoin(range(20000)) AS a, arrayJoin(range(5000)) AS b)',
      { limits: { maxMemoryBytes: 64 * 1024 * 1024, maxExecutionTimeS: 60 } },
    );
    expect(hungry).toMatchObject({ ok: false, error: { clickhouseName: 'MEMORY_LIMIT_EXCEEDED' } });
    expect(await run('SELECT 1 AS x')).toMatchObject({ ok: true, result: { rows: [{ x: 1 }] } });
  });

  it('charges the rows a failed query read to the quota', async () => {
    const quota = new SqlQuota({ queriesPerMinute: 100, rowsReadPerHour: 1e9 });
    const failed = await run('SELECT sum(population) FROM districts', {
      quota,
      limits: { maxRowsToRead: 5 },
    });
    expect(failed.ok).toBe(false);
    expect(quota.rowsRead('ana', Date.now())).toBeGreaterThanOrEqual(16);
  });

  it('keeps per-user quotas', async () => {
    let clock = 0;
    const quota = new SqlQuota({ queriesPerMinute: 2, rowsReadPerHour: 1e9 });
    const ask = () => run('SELECT 1', { quota, now: () => clock });
    expect((await ask()).ok).toBe(true);
    expect((await ask()).ok).toBe(true);
    expect(await ask()).toMatchObject({ ok: false, error: { code: 'QUOTA_EXCEEDED', retryAfterMs: 60_000 } });
    clock = 60_001;
    expect((await ask()).ok).toBe(true);
  });

  it('leaves the shared session writable, without limits, and its next output clean', async () => {
    await run('SELECT arrayJoin(range(1000)) AS n', { limits: { maxResultRows: 10 } });
    const next = await store.client.query({ query: 'SELECT 2 AS x', format: 'JSONEachRow' });
    expect(await next.json()).toEqual([{ x: 2 }]);
    const result = await store.client.query({
      query:
        "SELECT name, value FROM system.settings WHERE name IN ('readonly', 'max_result_rows') ORDER BY name",
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { name: 'max_result_rows', value: '0' },
      { name: 'readonly', value: '0' },
    ]);
    await store.client.insert({
      table: 'dead_letters',
      values: [
        {
          topic: 't',
          partition: 0,
          offset: 1,
          received_at: '2026-09-14 08:00:00',
          code: 'invalid',
          reason: 'r',
          bytes: 1,
          processor: 'p',
        },
      ],
      format: 'JSONEachRow',
    });
  });
});
