import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDdl } from '../cluster/generate.ts';
import { loadStoreConfig, openStore, readMigrations, type Store } from '../index.ts';
import type { Migration } from '../migrations/files.ts';
import { PARSER_BOUNDS } from './inspect.ts';
import { DEFAULT_LIMITS, settingsClause } from './statement.ts';

// The server path's analyst guard (migration 0010 and its cluster variant): what can be checked
// without a ClickHouse server. No server binary of a version with SQL access control is
// installable here (Debian serves 18.16, from before CREATE USER/ROLE), and embedded chDB refuses
// access DDL; so the engine (26.7) parses every statement, and the profile is checked against
// the settings the runner sends. docs/security.md says what stays untested.
let store: Store;
let access: Migration;
let nice: Migration;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-access-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid' }),
  );
  const found = (await readMigrations()).find((m) => m.name === 'analyst_access');
  if (found === undefined) throw new Error('no analyst_access migration');
  access = found;
  const niced = (await readMigrations()).find((m) => m.name === 'analyst_nice');
  if (niced === undefined) throw new Error('no analyst_nice migration');
  nice = niced;
});
afterAll(async () => {
  await store?.close();
});

async function canonical(sql: string): Promise<string> {
  const result = await store.client.query({
    query: 'SELECT formatQuerySingleLine({s:String}) AS s',
    query_params: { s: sql },
    format: 'JSONEachRow',
  });
  return (await result.json<{ s: string }>())[0]?.s ?? '';
}

/** `name = value [MAX m] CONST|CHANGEABLE_IN_READONLY` of the profile, as created or as altered (ADD SETTINGS). */
function profileSettings(sql: string): Map<string, { value: string; max?: string; mode: string }> {
  const body =
    /onegrid_analyst SETTINGS (.*) TO onegrid_analyst$/.exec(sql)?.[1] ??
    /^ALTER SETTINGS PROFILE onegrid_analyst ADD SETTINGS (.*)$/.exec(sql)?.[1] ??
    '';
  return new Map(
    body.split(', ').map((item) => {
      const m = /^(\w+) = ('[^']*'|\d+)(?: MAX (\d+))? (CONST|CHANGEABLE_IN_READONLY)$/.exec(item);
      if (m === null) throw new Error(`unreadable profile item ${item}`);
      return [
        m[1] ?? '',
        { value: m[2] ?? '', ...(m[3] === undefined ? {} : { max: m[3] }), mode: m[4] ?? '' },
      ];
    }),
  );
}

describe('readonly > analyst access on a server (migration 0010)', () => {
  it("grants SELECT on onegrid's database only, to a role, with readonly a constraint", () => {
    expect(access.statements).toContain('GRANT SELECT ON * TO onegrid_analyst');
    expect(access.statements.join('\n')).not.toMatch(/\b(FILE|URL|REMOTE|S3|SOURCES|ALL)\b/);
    const profile = access.statements.find((s) => s.startsWith('CREATE SETTINGS PROFILE')) ?? '';
    expect(profileSettings(profile).get('readonly')).toEqual({ value: '1', mode: 'CONST' });
  });

  it('lets the runner send each of its settings: unchanged if constant, within MAX if changeable', () => {
    const profile = new Map([
      ...profileSettings(access.statements.find((s) => s.startsWith('CREATE SETTINGS PROFILE')) ?? ''),
      ...nice.statements.flatMap((s) => [...profileSettings(s)]),
    ]);
    const sent = [settingsClause(DEFAULT_LIMITS), PARSER_BOUNDS].flatMap((clause) =>
      clause
        .replace(/^SETTINGS /, '')
        .split(', ')
        .map((item) => item.split(' = ') as [string, string]),
    );
    for (const [name, value] of sent) {
      const rule = profile.get(name);
      expect(rule, name).toBeDefined();
      if (rule?.mode === 'CONST') expect(value, name).toBe(rule.value);
      else expect(Number(value), name).toBeLessThanOrEqual(Number(rule?.max));
    }
  });

  it("nices the analyst profile's threads to the lowest priority, as a constraint (migration 0035)", () => {
    expect(nice.statements.flatMap((s) => [...profileSettings(s)])).toEqual([
      ['os_thread_priority', { value: '19', mode: 'CONST' }],
    ]);
  });

  it('is ClickHouse SQL: the engine parses every statement, and its cluster variant', async () => {
    const generated = clusterDdl([access, nice], { cluster: 'city', database: 'onegrid' });
    const cluster = generated.flatMap((m) => m.statements);
    expect(cluster).toContain('GRANT ON CLUSTER city SELECT ON onegrid.* TO onegrid_analyst');
    expect(cluster).toContain('CREATE ROLE IF NOT EXISTS onegrid_analyst ON CLUSTER city');
    expect(cluster).toContain(
      'ALTER SETTINGS PROFILE onegrid_analyst ON CLUSTER city ADD SETTINGS os_thread_priority = 19 CONST',
    );
    for (const sql of [...access.statements, ...nice.statements, ...cluster]) {
      expect(await canonical(sql), sql).not.toBe('');
    }
  });

  it('cannot run on embedded chDB, which has no access control: the allow-list holds alone there', async () => {
    await expect(store.client.command({ query: access.statements[0] ?? '' })).rejects.toMatchObject({
      type: 'ACCESS_DENIED',
    });
  });
});
