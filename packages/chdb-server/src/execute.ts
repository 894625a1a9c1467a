import { randomUUID } from 'node:crypto';
import type { Logger } from '@onegrid/logging';
import type { Engine, EngineConnection, EngineResult } from './engine.ts';
import { ClickHouseFailure } from './errors.ts';
import type { SerialQueue } from './queue.ts';
import type { QueryRequest } from './request.ts';
import type { Sessions } from './sessions.ts';
import { secondStatementAt, setupStatement, stringLiteral, trailingFormat } from './sql-text.ts';

/** ClickHouse's `X-ClickHouse-Summary`: every value a decimal string. */
export interface Summary {
  readonly read_rows: string;
  readonly read_bytes: string;
  readonly written_rows: string;
  readonly written_bytes: string;
  readonly total_rows_to_read: string;
  readonly result_rows: string;
  readonly result_bytes: string;
  readonly elapsed_ns: string;
}

export interface Execution {
  readonly queryId: string;
  readonly body: Uint8Array;
  /** The output format, when known (FORMAT clause or default_format). */
  readonly format: string | undefined;
  readonly summary: Summary;
}

export interface ExecuteDeps {
  readonly engine: Engine;
  readonly queue: SerialQueue;
  readonly sessions: Sessions;
  readonly now: () => number;
  readonly logger: Logger;
}

/**
 * Runs one HTTP request's statement the way a ClickHouse server would: on a connection of
 * its own (or its session's), with its database, settings and parameters, which end with it.
 * `body` is the POST body: the SQL, or the data of the `?query=` statement.
 */
export async function execute(
  deps: ExecuteDeps,
  request: QueryRequest,
  body: Buffer | undefined,
  signal?: AbortSignal,
): Promise<Execution> {
  const queryId = request.queryId ?? randomUUID();
  const statement = planStatement(request, body);
  const result = await deps.queue.run(
    () => {
      deps.logger.debug({ queryId, session: request.session?.id }, 'statement started');
      return request.session === undefined
        ? runFresh(deps.engine.connect(), request, statement)
        : runInSession(deps, request, statement);
    },
    {
      ...(signal === undefined ? {} : { signal }),
      skipped: () => ClickHouseFailure.own('NETWORK_ERROR', 'Client went away before the query started'),
    },
  );
  return {
    queryId,
    body: result.bytes,
    format:
      statement.kind === 'insert' ? undefined : (trailingFormat(statement.sql) ?? request.defaultFormat),
    summary: summaryOf(result),
  };
}

type Statement =
  | { readonly kind: 'query'; readonly sql: string }
  | { readonly kind: 'insert'; readonly prefix: string; readonly data: Buffer };

/**
 * With `?query=` and a body, ClickHouse reads the body as the rest of the statement: an
 * INSERT's rows (which go to the engine as bytes, unparsed here) or more of its text.
 */
function planStatement(request: QueryRequest, body: Buffer | undefined): Statement {
  const hasBody = body !== undefined && body.length > 0;
  let statement: Statement;
  const isInsert = request.urlQuery !== undefined && /^\s*INSERT\b/i.test(request.urlQuery);
  if (isInsert && hasBody && Object.keys(request.params).length === 0) {
    statement = { kind: 'insert', prefix: request.urlQuery, data: body };
  } else {
    const parts = [request.urlQuery, hasBody ? body.toString('utf8') : undefined].filter(
      (p) => p !== undefined,
    );
    statement = { kind: 'query', sql: parts.join('\n') };
  }
  const sql = statement.kind === 'insert' ? statement.prefix : statement.sql;
  if (sql.trim() === '') throw ClickHouseFailure.own('SYNTAX_ERROR', 'Empty query');
  const second = secondStatementAt(sql);
  if (second !== -1) {
    throw ClickHouseFailure.own(
      'SYNTAX_ERROR',
      `Syntax error (Multi-statements are not allowed): failed at position ${second + 1}: ${sql.slice(second, second + 40)}`,
    );
  }
  return statement;
}

function runStatement(
  connection: EngineConnection,
  request: QueryRequest,
  statement: Statement,
): Promise<EngineResult> {
  return statement.kind === 'insert'
    ? connection.insert(statement.prefix, statement.data)
    : connection.query(statement.sql, request.defaultFormat, request.params);
}

/** A connection opened for this request and closed after it: nothing it sets can leak. */
async function runFresh(connection: EngineConnection, request: QueryRequest, statement: Statement) {
  try {
    const setup = setupStatement(request.database, request.settings);
    if (setup !== '') await connection.query(setup, 'TabSeparated');
    return await runStatement(connection, request, statement);
  } finally {
    connection.close();
  }
}

/**
 * A session's connection outlives the request, so the request's settings are undone after
 * it (to their values before), and a failure is followed by a throw-away `SELECT 1`: chDB
 * can hand a failed query's partial output to the next query on the same connection.
 * If the session's state cannot be restored, the session ends.
 */
async function runInSession(deps: ExecuteDeps, request: QueryRequest, statement: Statement) {
  const session = request.session;
  if (session === undefined) throw new Error('runInSession needs a session');
  const connection = deps.sessions.acquire(session, deps.now());
  let before: [string, string][];
  try {
    before = await currentSettings(connection, Object.keys(request.settings));
  } catch (error) {
    deps.sessions.end(session.id);
    throw error;
  }
  let result: EngineResult | undefined;
  let failure: unknown;
  try {
    const setup = setupStatement(request.database, request.settings);
    if (setup !== '') await connection.query(setup, 'TabSeparated');
    result = await runStatement(connection, request, statement);
  } catch (error) {
    failure = error;
  }
  let trusted = true;
  try {
    if (failure !== undefined) await connection.query('SELECT 1', 'TabSeparated');
    if (before.length > 0) {
      await connection.query(
        `SET ${before.map(([n, v]) => `${n} = ${stringLiteral(v)}`).join(', ')}`,
        'TabSeparated',
      );
    }
  } catch {
    trusted = false; // state unknown: the session ends rather than carry it on
  }
  if (!trusted || session.close) deps.sessions.end(session.id);
  if (result === undefined) throw failure;
  return result;
}

async function currentSettings(
  connection: EngineConnection,
  names: readonly string[],
): Promise<[string, string][]> {
  if (names.length === 0) return [];
  const result = await connection.query(
    `SELECT name, value FROM system.settings WHERE name IN (${names.map(stringLiteral).join(', ')})`,
    'JSONCompactEachRow',
  );
  const text = new TextDecoder().decode(result.bytes).trim();
  return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as [string, string]);
}

function summaryOf(result: EngineResult): Summary {
  return {
    read_rows: String(result.resultRows),
    read_bytes: String(result.resultBytes),
    written_rows: String(result.writtenRows),
    written_bytes: String(result.writtenBytes),
    total_rows_to_read: '0',
    result_rows: String(result.resultRows),
    result_bytes: String(result.resultBytes),
    elapsed_ns: String(Math.round(result.elapsedS * 1e9)),
  };
}
