import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStoreConfig, migrate, openStore, type Store } from '../index.ts';
import { runReadOnlyQuery, type SqlOutcome } from './index.ts';

// Known ways out of an analyst's read-only SQL, tried against real embedded chDB (ClickHouse
// 26.7): each must be refused, with its reason, and no answer may carry a byte from outside
// onegrid's database. The markers sit in a file and behind a loopback HTTP server that the
// engine could read if a statement got through.
const MARK_FILE = `onegrid-secret-file-${process.pid}`;
const MARK_HTTP = `onegrid-secret-http-${process.pid}`;
let store: Store;
let secretFile: string;
let http: Server;
let url: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-escapes-'));
  secretFile = path.join(dir, 'secret.txt');
  await writeFile(secretFile, `${MARK_FILE}\n`);
  http = createServer((_, res) => res.end(`${MARK_HTTP}\n`));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  store = await openStore(
    loadStoreConfig({
      ...process.env,
      ONEGRID_CHDB_PATH: path.join(dir, 'chdb'),
      CLICKHOUSE_DATABASE: 'onegrid',
    }),
  );
  await migrate(store.client);
});
afterAll(async () => {
  await store?.close();
  await new Promise((resolve) => http?.close(resolve));
});

const fill = (sql: string) => sql.replaceAll('@FILE@', secretFile).replaceAll('@URL@', url);
const run = (sql: string, params?: Record<string, string>) =>
  runReadOnlyQuery(store.client, fill(sql), { user: 'ana', ...(params === undefined ? {} : { params }) });

/** Nothing read from outside onegrid's database: not in the rows, not in an error message. */
function leaks(outcome: SqlOutcome): boolean {
  const text = JSON.stringify(outcome);
  return [MARK_FILE, MARK_HTTP, 'root:x:0:0', 'ONEGRID_TOKENS', 'PATH='].some((m) => text.includes(m));
}

// The statements of issue 16, as an analyst sent them to POST /api/sql.
const ISSUE: [string, RegExp][] = [
  ["SELECT file('/etc/hostname') AS e", /the function file\(\)/],
  ["SELECT substring(file('/proc/self/environ'), 1, 200) AS e", /the function file\(\)/],
  ["SELECT getSetting('readonly') AS r SETTINGS readonly = 0", /the function getSetting\(\)|SETTINGS/],
  // A SETTINGS clause is named before the tree is asked for (it would apply to the EXPLAIN).
  ["SELECT * FROM file('/etc/passwd', 'LineAsString') LIMIT 2 SETTINGS readonly = 0", /a SETTINGS clause/],
  [
    "SELECT * FROM url('http://127.0.0.1:8080/health/live', 'LineAsString') LIMIT 1 SETTINGS readonly = 0",
    /a SETTINGS clause/,
  ],
  ["DESCRIBE TABLE file('/etc/passwd', 'LineAsString')", /table function file\(\)/],
  ['SELECT * FROM system.processes', /database system/],
];

const TABLE_FUNCTIONS = [
  "file('@FILE@', 'LineAsString')",
  "url('@URL@', 'LineAsString')",
  "s3('http://127.0.0.1:1/b/k', 'CSV')",
  "hdfs('hdfs://127.0.0.1:1/x', 'CSV')",
  "remote('127.0.0.1', system.one)",
  "remoteSecure('127.0.0.1', system.one)",
  "cluster('default', system.one)",
  "clusterAllReplicas('default', system.one)",
  "input('x String')",
  "executable('cat /etc/passwd', 'TSV', 'x String')",
  "mysql('127.0.0.1:1', 'd', 't', 'u', 'p')",
  "postgresql('127.0.0.1:1', 'd', 't', 'u', 'p')",
  "jdbc('jdbc:x', 't')",
  "odbc('DSN=x', 't')",
  "azureBlobStorage('http://127.0.0.1:1', 'c', 'b')",
  "iceberg('http://127.0.0.1:1/x')",
  "deltaLake('http://127.0.0.1:1/x')",
  "mongodb('127.0.0.1:1', 'd', 'c', 'u', 'p', 'x String')",
  "redis('127.0.0.1:1', 'k', 'k String')",
  "sqlite('@FILE@', 't')",
  'numbers(10)',
  "generateRandom('x String')",
  "merge('system', '.*')",
  "dictionary('x')",
  "format(LineAsString, 'x')",
  "values('x String', 'a')",
  'view(SELECT * FROM system.processes)',
  "fileCluster('default', '@FILE@')",
  "urlCluster('default', '@URL@')",
  "viewExplain('EXPLAIN AST', '', (SELECT 1))",
];

/** At least 40 escapes, each with the reason it must be refused for. */
const CORPUS: [string, RegExp][] = [
  ...ISSUE,
  ...TABLE_FUNCTIONS.map((f): [string, RegExp] => [
    `SELECT * FROM ${f}`,
    new RegExp(`table function ${f.split('(')[0]}\\(\\)`),
  ]),
  // Nested SETTINGS, and settings in EXPLAIN.
  ['SELECT count() FROM (SELECT * FROM districts SETTINGS readonly = 0)', /SETTINGS/],
  ['SELECT * FROM districts WHERE code IN (SELECT code FROM districts SETTINGS readonly = 0)', /SETTINGS/],
  ['EXPLAIN PIPELINE SELECT 1 SETTINGS readonly = 0', /SETTINGS/],
  ['EXPLAIN PLAN header = 1 SELECT 1', /SETTINGS/],
  // Table functions and functions out of sight: subqueries, CTEs, lambdas, joins, unions, EXPLAIN.
  ["WITH (SELECT file('@FILE@')) AS x SELECT x", /function file\(\)/],
  ["WITH file('@FILE@') AS f SELECT f", /function file\(\)/],
  ["SELECT arrayMap(x -> file(x), ['@FILE@'])", /function file\(\)/],
  ["SELECT * FROM districts WHERE code = (SELECT file('@FILE@'))", /function file\(\)/],
  [
    "SELECT code FROM districts UNION ALL SELECT * FROM file('@FILE@', 'LineAsString')",
    /table function file/,
  ],
  ["SELECT * FROM districts AS d JOIN url('@URL@', 'LineAsString') AS u ON 1", /table function url/],
  ["EXPLAIN SELECT * FROM file('@FILE@', 'LineAsString')", /table function file/],
  ["EXPLAIN AST SELECT * FROM url('@URL@', 'LineAsString')", /table function url/],
  ["DESCRIBE (SELECT file('@FILE@'))", /function file\(\)/],
  ["SELECT materialize(file('@FILE@'))", /function materialize\(\)|function file\(\)/],
  // Comments, quoting, case and Unicode tricks.
  ["SELECT /* harmless */ file('@FILE@')", /function file\(\)/],
  ["SELECT `file`('@FILE@')", /function file\(\)/],
  ['SELECT "file"(\'@FILE@\')', /function file\(\)/],
  ["SELECT FILE('@FILE@')", /function FILE\(\)/],
  ['SELECT * FROM `system`.`processes`', /database system/],
  ['SELECT * FROM SYSTEM.PROCESSES', /database SYSTEM/],
  ['SELECT * FROM information_schema.tables', /database information_schema/],
  ['SELECT * FROM INFORMATION_SCHEMA.TABLES', /database INFORMATION_SCHEMA/],
  ['SELECT * FROM default.x', /database default/],
  ['SELECT 1 IN system.one', /database system/],
  ['SELECT * FROM districts, system.one', /database system/],
  ['SELECT * APPLY(file) FROM districts', /ColumnsApplyTransformer/],
  // format() and functions that reveal the machine or other data.
  ["SELECT format('{}', file('@FILE@'))", /function format\(\)/],
  ['SELECT hostName()', /function hostName\(\)/],
  ['SELECT currentUser()', /function currentUser\(\)/],
  ["SELECT getMacro('x')", /function getMacro\(\)/],
  ['SELECT filesystemAvailable()', /function filesystemAvailable\(\)/],
  ["SELECT joinGet('x', 'y', 1)", /function joinGet\(\)/],
  ["SELECT dictGet('system.x', 'a', 1)", /database system/],
  ['SELECT char(102, 105, 108, 101)', /function char\(\)/],
  // Output, formats, other statements, dictionary and table DDL.
  ["SELECT 1 INTO OUTFILE '/tmp/onegrid-escape.txt'", /INTO OUTFILE/],
  ['SELECT 1 FORMAT TSV', /FORMAT/],
  ['SET readonly = 0', /statement/],
  ['SHOW TABLES FROM system', /SHOW TABLES of Identifier system/],
  ['SHOW DATABASES', /only SHOW TABLES/],
  ['SHOW CREATE TABLE system.processes', /statement/],
  ['EXISTS TABLE system.processes', /database system/],
  ["INSERT INTO FUNCTION file('/tmp/onegrid-escape.txt') SELECT 1", /statement/],
  [
    "CREATE DICTIONARY d (x String) PRIMARY KEY x SOURCE(FILE(path '@FILE@' format 'TSV')) LAYOUT(FLAT()) LIFETIME(0)",
    /statement|FORMAT/,
  ],
  ["CREATE TABLE t (x String) ENGINE = File(TSV, '@FILE@')", /statement/],
  ["BACKUP TABLE districts TO File('/tmp/onegrid-escape')", /statement/],
  ['KILL QUERY WHERE 1', /statement/],
  ['GRANT ALL ON *.* TO default', /statement/],
];

describe('readonly > escapes (embedded chDB)', () => {
  it('has at least 40 escapes in the corpus, the issue statements among them', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CORPUS)('refuses %s', async (sql, reason) => {
    const outcome = await run(sql);
    expect(outcome.ok, sql).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('NOT_READ_ONLY');
    expect(outcome.error.message).toMatch(reason);
    expect(leaks(outcome)).toBe(false);
  });

  it('refuses what the engine itself cannot parse as one statement', async () => {
    for (const sql of [
      "SELECT 1; SELECT file('@FILE@')",
      "SELECT 1 -- x\n; SELECT file('@FILE@')",
      "SELECT fi/**/le('@FILE@')",
      "SELECT ｆｉｌｅ('@FILE@')",
    ]) {
      const outcome = await run(sql);
      expect(outcome, sql).toMatchObject({ ok: false, error: { clickhouseName: 'SYNTAX_ERROR' } });
      expect(leaks(outcome)).toBe(false);
    }
  });

  it('judges a query parameter as what it names: an Identifier parameter cannot reach another database', async () => {
    expect(await run('SELECT * FROM {t:Identifier}', { t: 'system.processes' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_READ_ONLY', message: expect.stringMatching(/database system/) },
    });
    // A String parameter is a value, never SQL: the smuggled text comes back as text.
    const smuggled = `x'); SELECT file('${secretFile}') --`;
    const outcome = await run('SELECT {s:String} AS s', { s: smuggled });
    expect(outcome).toMatchObject({ ok: true, result: { rows: [{ s: smuggled }] } });
    expect(leaks(outcome)).toBe(false);
  });

  it('keeps the allowed reads working', async () => {
    for (const sql of [
      'SELECT code, name_zh FROM districts FINAL ORDER BY code LIMIT 3',
      'SELECT count() FROM onegrid.districts',
      'WITH d AS (SELECT code FROM districts) SELECT count() FROM d',
      'SELECT countIf(population > 1000000), quantile(0.9)(population) FROM districts',
      'SHOW TABLES',
      'SHOW TABLES FROM onegrid',
      'DESCRIBE TABLE districts',
      'EXPLAIN SELECT 1',
      'EXISTS TABLE districts',
    ]) {
      expect((await run(sql)).ok, sql).toBe(true);
    }
  });

  it('never returns a byte from outside onegrid in a seeded, bounded fuzz of the corpus', async () => {
    const random = seededRandom(16);
    const iterations = Number(process.env.ONEGRID_SQL_FUZZ_ITERATIONS ?? 300);
    let refused = 0;
    for (let i = 0; i < iterations; i += 1) {
      const [base] = CORPUS[Math.floor(random() * CORPUS.length)] as [string, RegExp];
      const sql = mutate(mutate(base, random), random);
      const outcome = await run(sql);
      expect(leaks(outcome), sql).toBe(false);
      if (!outcome.ok) refused += 1;
    }
    // Mutations keep the escape in them: nearly all stay refused (a few become harmless, e.g. a quoted literal).
    expect(refused / iterations).toBeGreaterThan(0.9);
  }, 300_000);
});

const MUTATIONS: ((sql: string, random: () => number) => string)[] = [
  (s) => `SELECT * FROM (${s})`,
  (s) => `WITH x AS (${s}) SELECT * FROM x`,
  (s) => `EXPLAIN ${s}`,
  (s) => `${s} SETTINGS readonly = 0`,
  (s) => `SELECT 1 UNION ALL ${s}`,
  (s) => s.replaceAll(' ', '/**/ '),
  (s) => s.replaceAll(' ', '\n\t'),
  (s) => s.replaceAll(' ', '\u00a0'),
  (s) => s.replaceAll(' ', '\u3000'),
  (s, r) => [...s].map((c) => (r() < 0.3 ? c.toUpperCase() : c)).join(''),
  (s) => s.replace(/\bFROM (\w+)\(/, 'FROM `$1`('),
  (s) => s.replace(/SELECT /, 'SELECT DISTINCT '),
  (s) => `${s} -- ; SELECT 1`,
  (s) => `/* ${s} */ ${s}`,
];

function mutate(sql: string, random: () => number): string {
  const pick = MUTATIONS[Math.floor(random() * MUTATIONS.length)] ?? ((s: string) => s);
  return pick(sql, random);
}

/** Deterministic uniform draws in [0, 1) (pure-rand's Mersenne Twister): the same mutations on every run. */
function seededRandom(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}
