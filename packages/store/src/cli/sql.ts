// Analysts' read-only SQL from a terminal.
//   node packages/store/src/cli/sql.ts "SELECT …" [--param name=value …] [--json]
//   echo "SELECT …" | node packages/store/src/cli/sql.ts
//   node packages/store/src/cli/sql.ts --cookbook 06_rain_totals_by_district --param as_of='2026-09-14 17:00:00'
// Talks to the onegrid server's POST /api/sql (ONEGRID_URL, ONEGRID_TOKEN), or with --embedded
// to the embedded store directly (the process must own the chDB folder: stop the app first).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCookbook } from '../cookbook/files.ts';
import { loadStoreConfig, openStore } from '../index.ts';
import { formatTable } from '../readonly/format-table.ts';
import { runReadOnlyQuery, type SqlOutcome } from '../readonly/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    param: { type: 'string', multiple: true, default: [] },
    cookbook: { type: 'string' },
    embedded: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const params = Object.fromEntries(
  values.param.map((p) => {
    const at = p.indexOf('=');
    if (at < 1) throw new Error(`--param ${p}: expected name=value`);
    return [p.slice(0, at), p.slice(at + 1)];
  }),
);

async function sqlText(): Promise<string> {
  if (values.cookbook !== undefined) {
    const entry = (await readCookbook()).find(
      (e) => e.name === values.cookbook || e.name.endsWith(values.cookbook ?? ''),
    );
    if (entry === undefined) throw new Error(`no cookbook question named ${values.cookbook}`);
    console.error(`-- ${entry.question}\n-- ${entry.questionZh}\n-- params: ${entry.paramsDoc}`);
    return entry.sql;
  }
  if (positionals.length > 0) return positionals.join(' ');
  return readFileSync(0, 'utf8');
}

async function viaServer(sql: string): Promise<SqlOutcome> {
  const base = process.env.ONEGRID_URL ?? 'http://127.0.0.1:8080';
  const response = await fetch(new URL('/api/sql', base), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(process.env.ONEGRID_TOKEN ? { authorization: `Bearer ${process.env.ONEGRID_TOKEN}` } : {}),
    },
    body: JSON.stringify({ sql, params }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if ('ok' in body) return body as unknown as SqlOutcome;
  if (response.ok) return { ok: true, result: body as never };
  const error = (body.error ?? {}) as Record<string, unknown>;
  return {
    ok: false,
    error: {
      code: 'CLICKHOUSE_ERROR',
      message: String(error.message ?? body.message ?? `HTTP ${response.status}`),
      ...(typeof error.clickhouseCode === 'number' ? { clickhouseCode: error.clickhouseCode } : {}),
    },
  };
}

async function embedded(sql: string): Promise<SqlOutcome> {
  const store = await openStore(loadStoreConfig());
  try {
    return await runReadOnlyQuery(store.client, sql, { user: process.env.USER ?? 'cli', params });
  } finally {
    await store.close();
  }
}

const sql = await sqlText();
const outcome = values.embedded ? await embedded(sql) : await viaServer(sql);
if (!outcome.ok) {
  const { code, message, clickhouseCode, clickhouseName } = outcome.error;
  console.error(
    `${code}${clickhouseCode === undefined ? '' : ` ${clickhouseCode} ${clickhouseName ?? ''}`}: ${message}`,
  );
  process.exitCode = 1;
} else if (values.json) {
  console.log(JSON.stringify(outcome.result, null, 2));
} else {
  const { columns, rows, statistics } = outcome.result;
  console.log(formatTable(columns, rows));
  console.error(
    `${rows.length} rows, ${statistics.elapsedS.toFixed(3)} s, ${statistics.rowsRead.toLocaleString('en-US')} rows read`,
  );
}
