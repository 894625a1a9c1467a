import type { ClickHouseClient } from '@clickhouse/client';
import type { SqlGate } from './gate.ts';
import { inspectStatement } from './inspect.ts';
import type { QueryParams } from './params.ts';
import type { SqlQuota } from './quota.ts';
import { DEFAULT_LIMITS, planReadOnly, type ReadOnlyLimits } from './statement.ts';

export type SqlErrorCode =
  /** Nothing to run. */
  | 'EMPTY_QUERY'
  /** Refused by the allow-list (allow.ts): the message names what was refused. */
  | 'NOT_READ_ONLY'
  /** The user's quota is used up; `retryAfterMs` says when it frees. */
  | 'QUOTA_EXCEEDED'
  /** Too many analyst queries running or waiting (SqlGate); try again shortly. */
  | 'BUSY'
  /** ClickHouse refused or failed the query: its own message, code and name. */
  | 'CLICKHOUSE_ERROR';

export interface SqlError {
  readonly code: SqlErrorCode;
  readonly message: string;
  /** ClickHouse's error number and name, e.g. 62 / SYNTAX_ERROR, 159 / TIMEOUT_EXCEEDED. */
  readonly clickhouseCode?: number;
  readonly clickhouseName?: string;
  readonly retryAfterMs?: number;
}

export interface SqlResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly Record<string, unknown>[];
  /** What the engine reported: seconds, rows and bytes read. */
  readonly statistics: { readonly elapsedS: number; readonly rowsRead: number; readonly bytesRead: number };
}

export type SqlOutcome =
  | { readonly ok: true; readonly result: SqlResult }
  | { readonly ok: false; readonly error: SqlError };

export interface ReadOnlyOptions {
  /** Who asks: quotas are per user. */
  readonly user: string;
  /** Values for the query's `{name:Type}` parameters. */
  readonly params?: QueryParams;
  readonly limits?: Partial<ReadOnlyLimits>;
  readonly quota?: SqlQuota;
  /** One query at a time per user, a few in all (SqlGate). */
  readonly gate?: SqlGate;
  /** Clock for the quota, epoch ms. */
  readonly now?: () => number;
}

/**
 * Runs an analyst's SQL read-only, with limits, and returns rows or a typed error; it never
 * throws for anything the query does. The engine parses the statement without running it and the
 * tree must pass the allow-list (inspect.ts, allow.ts); only then is it run, wrapped with
 * readonly = 1 and the limits as query-level settings (see planReadOnly), one at a time per user
 * (the gate). Rows read are charged to the quota whether the query succeeds or fails.
 */
export async function runReadOnlyQuery(
  client: ClickHouseClient,
  sql: string,
  options: ReadOnlyOptions,
): Promise<SqlOutcome> {
  const text = sql.trim().replace(/;\s*$/, '');
  if (text === '') return failure({ code: 'EMPTY_QUERY', message: 'no SQL given' });
  const now = options.now ?? Date.now;
  const admission = options.quota?.admit(options.user, now());
  if (admission !== undefined && !admission.ok) {
    return failure({
      code: 'QUOTA_EXCEEDED',
      message: admission.reason,
      retryAfterMs: admission.retryAfterMs,
    });
  }
  const ticket = options.gate === undefined ? undefined : await options.gate.enter(options.user);
  if (ticket !== undefined && !ticket.ok)
    return failure({ code: 'BUSY', message: ticket.reason, retryAfterMs: 1000 });
  try {
    return await inspectAndRun(client, text, options, now);
  } finally {
    ticket?.release();
  }
}

async function inspectAndRun(
  client: ClickHouseClient,
  text: string,
  options: ReadOnlyOptions,
  now: () => number,
): Promise<SqlOutcome> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let planned: string | undefined;
  try {
    const inspection = await inspectStatement(client, text, options.params);
    if (!inspection.ok) return failure({ code: 'NOT_READ_ONLY', message: inspection.reason });
    const plan = planReadOnly(inspection.canonical, limits);
    if (!plan.ok) return failure({ code: 'NOT_READ_ONLY', message: plan.reason });
    planned = inspection.canonical;
    const resultSet = await client.query({
      query: plan.sql,
      format: 'JSON',
      ...(options.params === undefined ? {} : { query_params: options.params }),
    });
    const json = await resultSet.json<Record<string, unknown>>();
    const statistics = {
      elapsedS: json.statistics?.elapsed ?? 0,
      rowsRead: json.statistics?.rows_read ?? 0,
      bytesRead: json.statistics?.bytes_read ?? 0,
    };
    options.quota?.charge(options.user, statistics.rowsRead, now());
    return { ok: true, result: { columns: json.meta ?? [], rows: json.data, statistics } };
  } catch (cause) {
    await drain(client);
    // A failed query read rows too (a timeout, a limit): charge the engine's estimate of its reads.
    if (planned !== undefined && options.quota !== undefined)
      options.quota.charge(options.user, await estimateRows(client, planned, options.params), now());
    return failure(fromClickHouse(cause));
  }
}

/** Rows the engine expects a query to read (EXPLAIN ESTIMATE, from part and mark counts); 0 if it cannot say. */
async function estimateRows(
  client: ClickHouseClient,
  canonical: string,
  params: QueryParams | undefined,
): Promise<number> {
  try {
    const result = await client.query({
      query: `EXPLAIN ESTIMATE ${canonical}`,
      format: 'JSONEachRow',
      ...(params === undefined ? {} : { query_params: params }),
    });
    const rows = await result.json<{ rows: string | number }>();
    return rows.reduce((sum, r) => sum + Number(r.rows), 0);
  } catch {
    // Not every statement has an estimate (SHOW, DESCRIBE): nothing to charge then.
    return 0;
  }
}

/**
 * chDB (3.4) keeps the partial output of a query that failed after it began writing (a result
 * limit, a timeout) and prepends it to the next query's output; a throwaway statement takes it.
 * Harmless on a server.
 */
async function drain(client: ClickHouseClient): Promise<void> {
  try {
    await client.command({ query: 'SELECT 1' });
  } catch {
    // The store is down or closed: the caller already has the error that matters.
  }
}

function failure(error: SqlError): SqlOutcome {
  return { ok: false, error };
}

/** ClickHouse's message without the echo of our wrapper, with its code and name. */
function fromClickHouse(cause: unknown): SqlError {
  const error = cause as { message?: unknown; code?: unknown; type?: unknown };
  const message = typeof error.message === 'string' ? error.message : String(cause);
  const code = Number(error.code);
  return {
    code: 'CLICKHOUSE_ERROR',
    message: message.replace(/\s*In scope SELECT formatQuerySingleLine\(.*$/s, '').trim(),
    ...(Number.isInteger(code) && code > 0 ? { clickhouseCode: code } : {}),
    ...(typeof error.type === 'string' ? { clickhouseName: error.type } : {}),
  };
}
