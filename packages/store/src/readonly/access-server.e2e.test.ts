import { randomUUID } from 'node:crypto';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStoreConfig, migrate, openStore, type Store } from '../index.ts';
import { runReadOnlyQuery } from './index.ts';

// The server path's analyst user and grants, run for real: the migrations (0010 the role, its
// profile and quota; 0035 the nice) on a ClickHouse server, an analyst user created as
// docs/security.md tells operators, and what that user may and may not do. It needs a server
// with SQL access control (CLICKHOUSE_URL, a user with access management, e.g. the default user
// with access_management = 1): none installs on this machine (Debian serves 18.16, from before
// CREATE USER; no registry package ships a server binary; embedded chDB has no writable access
// storage and no impersonation, docs/security.md), so without CLICKHOUSE_URL it is skipped.
const url = process.env.CLICKHOUSE_URL;
const database = `onegrid_access_${randomUUID().slice(0, 8)}`;
const other = `${database}_other`;
const user = `analyst_${randomUUID().slice(0, 8)}`;
const password = randomUUID();
let store: Store;
let analyst: ClickHouseClient;

describe.skipIf(url === undefined)(
  'readonly > the analyst user on a ClickHouse server (CLICKHOUSE_URL)',
  () => {
    beforeAll(async () => {
      store = await openStore(loadStoreConfig({ ...process.env, CLICKHOUSE_DATABASE: database }));
      await migrate(store.client);
      await store.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${other}` });
      await store.client.command({
        query: `CREATE TABLE IF NOT EXISTS ${other}.secrets (x String) ENGINE = MergeTree ORDER BY x`,
      });
      await store.client.command({ query: `INSERT INTO ${other}.secrets VALUES ('token')` });
      // As docs/security.md tells operators, with the role's grants on this test's database.
      await store.client.command({
        query: `CREATE USER ${user} IDENTIFIED WITH plaintext_password BY '${password}' DEFAULT ROLE onegrid_analyst SETTINGS PROFILE 'onegrid_analyst'`,
      });
      await store.client.command({ query: `GRANT onegrid_analyst TO ${user}` });
      const server = new URL(url ?? '');
      server.username = '';
      server.password = '';
      analyst = createClient({ url: server.toString(), database, username: user, password });
    }, 120_000);

    afterAll(async () => {
      await analyst?.close();
      await store?.client.command({ query: `DROP USER IF EXISTS ${user}` });
      await store?.client.command({ query: `DROP DATABASE IF EXISTS ${other}` });
      await store?.client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
      await store?.close();
    });

    const scalar = async (sql: string) => {
      const result = await analyst.query({ query: sql, format: 'JSONEachRow' });
      return Object.values((await result.json<Record<string, unknown>>())[0] ?? {})[0];
    };

    it("reads onegrid's tables, with the profile's readonly and nice", async () => {
      expect(Number(await scalar('SELECT count() FROM districts'))).toBeGreaterThan(0);
      expect(String(await scalar("SELECT getSetting('readonly')"))).toBe('1');
      expect(String(await scalar("SELECT getSetting('os_thread_priority')"))).toBe('19');
    });

    it('runs what the runner sends: its settings are within the profile', async () => {
      const outcome = await runReadOnlyQuery(analyst, 'SELECT count() AS n FROM districts', { user });
      expect(outcome).toMatchObject({ ok: true });
    });

    it('is refused another database, files, URLs and setting changes by the engine itself', async () => {
      for (const [sql, error] of [
        [`SELECT * FROM ${other}.secrets`, /ACCESS_DENIED|Not enough privileges/],
        ["SELECT file('/etc/hostname')", /ACCESS_DENIED|Not enough privileges|readonly/i],
        [
          "SELECT * FROM file('/etc/passwd', 'LineAsString')",
          /ACCESS_DENIED|Not enough privileges|readonly/i,
        ],
        [
          "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')",
          /ACCESS_DENIED|Not enough privileges|readonly/i,
        ],
        ["SELECT getSetting('readonly') SETTINGS readonly = 0", /readonly|SETTING_CONSTRAINT_VIOLATION/i],
        ['SELECT 1 SETTINGS max_threads = 64', /SETTING_CONSTRAINT_VIOLATION|should not be greater/i],
        ['SELECT 1 SETTINGS os_thread_priority = 0', /SETTING_CONSTRAINT_VIOLATION|should not be changed/i],
        ['CREATE TABLE t (x UInt8) ENGINE = Memory', /ACCESS_DENIED|readonly|Not enough privileges/i],
        [`CREATE USER ${user}_2`, /ACCESS_DENIED|readonly|Not enough privileges/i],
      ] as const) {
        await expect(analyst.query({ query: sql, format: 'JSONEachRow' }), sql).rejects.toThrow(error);
      }
    });
  },
);
