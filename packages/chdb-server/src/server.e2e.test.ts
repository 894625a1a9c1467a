import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type ClickHouseClient, ClickHouseError, createClient } from '@clickhouse/client';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.ts';
import { type SpawnedChdbServer, spawnChdbServer } from './spawn.ts';

// The server runs as the separate process it is in use; this process never opens chDB.
let dir: string;
let server: SpawnedChdbServer;
let store: Store;
const clients: ClickHouseClient[] = [];

function client(options: Parameters<typeof createClient>[0] = {}): ClickHouseClient {
  const c = createClient({ url: server.url, database: 'onegrid', ...options });
  clients.push(c);
  return c;
}

function storeConfig() {
  return loadStoreConfig({ CLICKHOUSE_URL: server.url, CLICKHOUSE_DATABASE: 'onegrid' });
}

/** The server's address without the token, and the header that carries it (fetch refuses credentials in a URL). */
function plain(): { base: string; headers: Record<string, string> } {
  const url = new URL(server.url);
  const auth = `Basic ${Buffer.from(`default:${server.token}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  return { base: url.toString().replace(/\/$/, ''), headers: { authorization: auth } };
}

/** fetch does not let a caller set Host; a rebinding browser does send the page's name. */
function statusWithHost(
  url: string,
  host: string,
  headers: Record<string, string>,
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { ...headers, host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
    request.end();
  });
}

async function rows<T>(
  c: ClickHouseClient,
  query: string,
  query_params?: Record<string, unknown>,
): Promise<T[]> {
  const result = await c.query({ query, format: 'JSONEachRow', ...(query_params ? { query_params } : {}) });
  return result.json<T>();
}

async function count(c: ClickHouseClient, where = '1'): Promise<number> {
  const [row] = await rows<{ n: string }>(c, `SELECT count() AS n FROM meter_readings WHERE ${where}`);
  return Number(row?.n);
}

function readings(meter: string, from: number, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    meter_id: meter,
    household_id: `HH-${meter}`,
    kind: 'water',
    ts: new Date(Date.UTC(2026, 10, 1) + (from + i) * 15 * 60_000).toISOString().replace('Z', '+00:00'),
    reading: from + i + 0.5,
  }));
}

const ROW_SETTINGS = { date_time_input_format: 'best_effort' } as const;

async function failureOf(promise: Promise<unknown>): Promise<ClickHouseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClickHouseError);
  return error as ClickHouseError;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chdb-server-e2e-'));
  server = await spawnChdbServer({ path: dir, env: { LOG_LEVEL: 'debug' } });
  store = await openStore(storeConfig());
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await store?.close();
  await server?.kill();
  await rm(dir, { recursive: true, force: true });
});

describe('chdb-server > what @clickhouse/client does', () => {
  it('answers ping like ClickHouse', async () => {
    expect((await store.client.ping()).success).toBe(true);
    const response = await fetch(`${plain().base}/ping`);
    expect(await response.text()).toBe('Ok.\n');
    expect(store.mode).toBe('server');
  });

  it('runs the store migrations, and again as a no-op', async () => {
    const first = await migrate(store.client);
    expect(first.applied.length).toBeGreaterThan(5);
    const again = await migrate(store.client);
    expect(first.skipped).toEqual(['0010_analyst_access', '0035_analyst_nice']);
    expect(again).toEqual({ applied: [], alreadyApplied: first.applied.length + 2, skipped: [] });
    const tables = await rows<{ name: string }>(store.client, 'SHOW TABLES');
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['meter_readings', 'alerts', 'schema_migrations']),
    );
    // Dictionaries read their source tables through the engine, as on a server.
    const named = await rows<{ n: number }>(
      store.client,
      "SELECT countIf(dictGet('district_dict', 'name_zh', code) != '') AS n FROM districts",
    );
    expect(named).toEqual([{ n: 16 }]);
  });

  it('takes inserts from two clients at once and returns every row', async () => {
    const other = await openStore(storeConfig());
    try {
      const batches = (prefix: string, c: ClickHouseClient) =>
        Array.from({ length: 10 }, (_, b) =>
          c.insert({
            table: 'meter_readings',
            values: readings(`${prefix}-${b}`, 0, 500),
            format: 'JSONEachRow',
            clickhouse_settings: { ...ROW_SETTINGS, insert_deduplication_token: `${prefix}-${b}` },
          }),
        );
      const results = await Promise.all([...batches('WM-A', store.client), ...batches('WM-B', other.client)]);
      expect(results.every((r) => r.summary?.written_rows === '500')).toBe(true);
      expect(await count(store.client, "meter_id LIKE 'WM-A-%'")).toBe(5_000);
      expect(await count(other.client, "meter_id LIKE 'WM-B-%'")).toBe(5_000);
      const [last] = await rows<{ reading: number; ts: string }>(
        store.client,
        "SELECT reading, toString(ts, 'UTC') AS ts FROM meter_readings WHERE meter_id = 'WM-B-9' ORDER BY ts DESC LIMIT 1",
      );
      expect(last).toEqual({ reading: 499.5, ts: '2026-11-06 04:45:00.000' });
    } finally {
      await other.close();
    }
  });

  it('drops a block repeated with its dedup token, and the token does not outlive its insert', async () => {
    const insert = (values: object[], token?: string) =>
      store.client.insert({
        table: 'meter_readings',
        values,
        format: 'JSONEachRow',
        clickhouse_settings:
          token === undefined ? ROW_SETTINGS : { ...ROW_SETTINGS, insert_deduplication_token: token },
      });
    await insert(readings('WM-DEDUP-1', 0, 10), 'token-1');
    await insert(readings('WM-DEDUP-1', 0, 10), 'token-1');
    expect(await count(store.client, "meter_id = 'WM-DEDUP-1'")).toBe(10);
    // Were token-1 still set, this different block would be dropped as its duplicate.
    await insert(readings('WM-DEDUP-2', 0, 10));
    expect(await count(store.client, "meter_id = 'WM-DEDUP-2'")).toBe(10);
  });

  it('reports an invalid query as a ClickHouseError with the engine text', async () => {
    const unknown = await failureOf(store.client.query({ query: 'SELECT * FROM no_such_table' }));
    expect(unknown.code).toBe('60');
    expect(unknown.type).toBe('UNKNOWN_TABLE');
    expect(unknown.message).toContain('no_such_table');
    const syntax = await failureOf(store.client.command({ query: 'SELEC 1' }));
    expect(syntax.code).toBe('62');
    expect(syntax.type).toBe('SYNTAX_ERROR');
    const response = await fetch(`${plain().base}/?query=SELECT%20nope`, { headers: plain().headers });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-clickhouse-exception-code')).toBe('47');
  });

  it('leaves nothing of a query that failed half-way for the next one', async () => {
    const failed = await failureOf(
      store.client.query({
        query: 'SELECT throwIf(number = 5) AS x FROM numbers(10) SETTINGS max_block_size = 1',
        format: 'JSONEachRow',
      }),
    );
    expect(failed.type).toBe('FUNCTION_THROW_IF_VALUE_IS_NON_ZERO');
    expect(await rows(store.client, 'SELECT 42 AS n')).toEqual([{ n: 42 }]);
  });

  it('applies settings to their own request only', async () => {
    const limited = await failureOf(
      store.client.query({
        query: 'SELECT number FROM numbers(10)',
        clickhouse_settings: { max_result_rows: '1', result_overflow_mode: 'throw' },
      }),
    );
    expect(limited.type).toBe('TOO_MANY_ROWS_OR_BYTES');
    expect(await rows(store.client, 'SELECT number FROM numbers(10)')).toHaveLength(10);
    const readonly = await failureOf(
      store.client.insert({
        table: 'meter_readings',
        values: readings('WM-RO', 0, 1),
        format: 'JSONEachRow',
        clickhouse_settings: { ...ROW_SETTINGS, readonly: '1' },
      }),
    );
    // A request may not set readonly at all (guard: the server's, not the client's).
    expect(readonly.type).toBe('READONLY');
    expect(readonly.message).toMatch(/Cannot modify 'readonly' setting from a request/);
    const settings = await rows<{ r: string; t: string }>(
      store.client,
      "SELECT getSetting('readonly') AS r, getSetting('insert_deduplication_token') AS t",
    );
    expect(settings).toEqual([{ r: 0, t: '' }]);
  });

  it('binds query parameters exactly as the client formatted them', async () => {
    const params = {
      s: "it's\ta\nb\\c 上海",
      a: ["x'y", 'z'],
      t: new Date(Date.UTC(2026, 10, 26, 1, 2, 3, 456)),
      n: null,
      m: { k: 1 },
      i: 2 ** 40,
    };
    const [row] = await rows(
      store.client,
      `SELECT {s:String} AS s, {a:Array(String)} AS a, toString({t:DateTime64(3, 'UTC')}) AS t,
              {n:Nullable(Int32)} AS n, {m:Map(String, UInt8)} AS m, {i:UInt64} AS i`,
      params,
    );
    expect(row).toEqual({
      s: params.s,
      a: params.a,
      t: '2026-11-26 01:02:03.456',
      n: null,
      m: { k: 1 },
      i: 2 ** 40,
    });
    const missing = await failureOf(store.client.query({ query: 'SELECT {s:String}' }));
    expect(missing.type).toBe('UNKNOWN_QUERY_PARAMETER');
  });

  it('reads ?query= and the body as one statement', async () => {
    const response = await fetch(`${plain().base}/?query=SELECT`, {
      method: 'POST',
      body: ' 40 + 2',
      headers: plain().headers,
    });
    expect(await response.text()).toBe('42\n');
  });

  it('answers only a caller with its token, on its own Host and Origin, and writes only on POST', async () => {
    const { base, headers } = plain();
    const query = `${base}/?query=${encodeURIComponent('SELECT 1')}`;
    expect((await fetch(query, { headers })).status).toBe(200);
    const none = await fetch(query);
    expect(none.status).toBe(403);
    expect(none.headers.get('x-clickhouse-exception-code')).toBe('516');
    const wrong = `Basic ${Buffer.from('default:not-the-token-at-all').toString('base64')}`;
    expect((await fetch(query, { headers: { authorization: wrong } })).status).toBe(403);
    expect((await fetch(query, { headers: { 'x-clickhouse-key': server.token } })).status).toBe(200);
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host and Origin.
    expect(await statusWithHost(query, 'evil.example:8123', headers)).toBe(403);
    expect(await statusWithHost(query, `localhost:${server.port}`, headers)).toBe(200);
    expect((await fetch(query, { headers: { ...headers, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(query, { headers: { ...headers, origin: 'http://127.0.0.1:5173' } })).status).toBe(
      200,
    );
    const write = await fetch(
      `${base}/?database=onegrid&query=${encodeURIComponent("INSERT INTO meter_readings (meter_id) VALUES ('GET-WRITE')")}`,
      { headers },
    );
    expect(write.status).toBe(403);
    const lifted = await fetch(
      `${base}/?database=onegrid&readonly=0&query=${encodeURIComponent("INSERT INTO meter_readings (meter_id) VALUES ('GET-WRITE')")}`,
      {
        headers,
      },
    );
    expect(lifted.status).toBe(403);
    expect(
      await rows(store.client, "SELECT meter_id FROM meter_readings WHERE meter_id = 'GET-WRITE'"),
    ).toEqual([]);
  });

  it('refuses two statements in one request, as a server does', async () => {
    const error = await failureOf(store.client.command({ query: 'SELECT 1; DROP TABLE meter_readings' }));
    expect(error.code).toBe('62');
    expect(await count(store.client)).toBeGreaterThan(0);
    await store.client.command({ query: "SELECT ';' -- one statement; with a comment\n;" });
  });

  it('keeps SET and temporary tables for the session that made them', async () => {
    const session = client({ session_id: `s-${Date.now()}` });
    await session.command({ query: 'CREATE TEMPORARY TABLE scratch (x UInt8)' });
    await session.command({ query: 'INSERT INTO scratch VALUES (1), (2)' });
    await session.command({ query: 'SET max_result_rows = 7' });
    const inSession = await rows(
      session,
      "SELECT count() AS n, getSetting('max_result_rows') AS m FROM scratch",
    );
    // chDB 26.7, like a 26.x server, writes 64-bit integers in JSON unquoted by default.
    expect(inSession).toEqual([{ n: 2, m: 7 }]);
    // A request's own settings end with it, even inside a session.
    await session.query({ query: 'SELECT 1', clickhouse_settings: { max_result_rows: '3' } });
    expect(await rows(session, "SELECT getSetting('max_result_rows') AS m")).toEqual([{ m: 7 }]);
    const outside = await failureOf(store.client.query({ query: 'SELECT count() FROM scratch' }));
    expect(outside.type).toBe('UNKNOWN_TABLE');
  });

  it('speaks compressed requests and responses', async () => {
    const compressed = client({ compression: { request: true, response: true } });
    await compressed.insert({
      table: 'meter_readings',
      values: readings('WM-GZIP', 0, 100),
      format: 'JSONEachRow',
      clickhouse_settings: ROW_SETTINGS,
    });
    expect(await count(compressed, "meter_id = 'WM-GZIP'")).toBe(100);
  });

  it('takes query parameters as multipart form fields', async () => {
    const multipart = client({ use_multipart_params: true });
    expect(await rows(multipart, 'SELECT {x:String} AS x', { x: 'a&b=c' })).toEqual([{ x: 'a&b=c' }]);
  });

  it('keeps a second server off the same folder', async () => {
    await expect(spawnChdbServer({ path: dir, startTimeoutMs: 20_000 })).rejects.toThrow(/exited/);
    expect((await store.client.ping()).success).toBe(true);
  });
});

describe('chdb-server > stop and start', () => {
  it('finishes the statement in flight on SIGTERM', async () => {
    const queryId = `slow-${Date.now()}`;
    const slow = store.client.query({
      query: 'SELECT sleep(1) AS s, 7 AS n',
      format: 'JSONEachRow',
      query_id: queryId,
    });
    await waitUntil(() => (server.logs.some((line) => line.includes(queryId)) ? true : undefined), {
      deadlineMs: 10_000,
      intervalMs: 20,
      describe: () => 'the slow statement to start',
    });
    const code = await server.stop();
    expect(code).toBe(0);
    expect(await (await slow).json()).toEqual([{ s: 0, n: 7 }]);
  });

  it('keeps the data across a stop and a start on the same folder', async () => {
    expect((await store.client.ping()).success).toBe(false);
    const port = server.port;
    server = await spawnChdbServer({ path: dir, port, token: server.token });
    expect((await store.client.ping()).success).toBe(true);
    expect(await count(store.client, "meter_id LIKE 'WM-A-%'")).toBe(5_000);
    expect(await count(store.client, "meter_id = 'WM-DEDUP-1'")).toBe(10);
    const again = await migrate(store.client);
    expect(again.applied).toEqual([]);
  });
});
