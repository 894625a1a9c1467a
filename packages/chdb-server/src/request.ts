import { ClickHouseFailure } from './errors.ts';

/**
 * What one HTTP request asks of ClickHouse, read from its URL parameters the way ClickHouse's
 * HTTP handler reads them: a few names are the interface's own, `param_<name>` are query
 * parameters, and every other name is a setting for this query only.
 */
export interface QueryRequest {
  /** SQL from `?query=`; the body, when present, follows it after a newline (or is the data). */
  readonly urlQuery: string | undefined;
  readonly queryId: string | undefined;
  readonly database: string | undefined;
  /** Output format of a statement without a FORMAT clause (ClickHouse: TabSeparated). */
  readonly defaultFormat: string;
  readonly session: SessionRequest | undefined;
  /** Raw `param_<name>` values, in ClickHouse's escaped text form, bound by the engine. */
  readonly params: Readonly<Record<string, string>>;
  /** Settings to apply to this query only. */
  readonly settings: Readonly<Record<string, string>>;
  /** `enable_http_compression=1`: compress the response if the client accepts it. */
  readonly compressResponse: boolean;
}

export interface SessionRequest {
  readonly id: string;
  readonly timeoutS: number;
  /** `session_check=1`: the session must exist already. */
  readonly mustExist: boolean;
  readonly close: boolean;
}

/** Parameters of the HTTP interface itself, never settings (ClickHouse's HTTPHandler list). */
const RESERVED = new Set([
  'query',
  'query_id',
  'database',
  'default_format',
  'session_id',
  'session_timeout',
  'session_check',
  'close_session',
  'user',
  'password',
  'quota_key',
  'role',
  'compress',
  'decompress',
  'stacktrace',
  'client_protocol_version',
  'buffer_size',
  'wait_end_of_query',
]);

/**
 * Settings that belong to the HTTP layer: chDB has no HTTP server, would refuse some of them
 * as unknown, and this server already behaves as they ask (results are always buffered whole,
 * as with wait_end_of_query=1). The same list as chdb/connection's, plus the compression ones
 * this server honours itself.
 */
const HTTP_ONLY = new Set([
  'send_progress_in_http_headers',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'http_wait_end_of_query',
  'http_write_exception_in_output_format',
]);

/**
 * Settings a request may not set: they are the server's guard, not a client's choice. A GET runs
 * with readonly = 2 (no writes) and cannot lift it; nothing lifts the rest.
 */
const GUARDED = new Set(['readonly', 'allow_ddl', 'allow_introspection_functions', 'profile']);

export const DEFAULT_SESSION_TIMEOUT_S = 60;
export const MAX_SESSION_TIMEOUT_S = 3600;

export function readQueryRequest(search: URLSearchParams, method: 'GET' | 'POST'): QueryRequest {
  const params: Record<string, string> = {};
  const settings: Record<string, string> = {};
  for (const [name, value] of search) {
    if (name.startsWith('param_')) {
      params[name.slice('param_'.length)] = value;
    } else if (!RESERVED.has(name) && !HTTP_ONLY.has(name)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw ClickHouseFailure.own('BAD_ARGUMENTS', `Invalid setting name ${JSON.stringify(name)}`);
      if (GUARDED.has(name.toLowerCase()))
        throw ClickHouseFailure.own(
          'READONLY',
          `Cannot modify '${name}' setting from a request to this server`,
        );
      settings[name] = value;
    }
  }
  // ClickHouse runs GET requests with readonly = 2 (reads only, settings may change): writes only on POST.
  if (method === 'GET') settings.readonly = '2';
  const database = search.get('database') ?? undefined;
  if (database !== undefined && database !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw ClickHouseFailure.own('BAD_ARGUMENTS', `Invalid database name ${JSON.stringify(database)}`);
  }
  const sessionId = search.get('session_id');
  return {
    urlQuery: search.get('query') ?? undefined,
    queryId: search.get('query_id') || undefined,
    database: database || undefined,
    defaultFormat: search.get('default_format') || 'TabSeparated',
    session: sessionId ? readSession(sessionId, search) : undefined,
    params,
    settings,
    compressResponse: search.get('enable_http_compression') === '1',
  };
}

function readSession(id: string, search: URLSearchParams): SessionRequest {
  const raw = search.get('session_timeout');
  const timeoutS = raw === null ? DEFAULT_SESSION_TIMEOUT_S : Number(raw);
  if (!Number.isFinite(timeoutS) || timeoutS < 0 || timeoutS > MAX_SESSION_TIMEOUT_S) {
    throw ClickHouseFailure.own(
      'BAD_ARGUMENTS',
      `session_timeout must be between 0 and ${MAX_SESSION_TIMEOUT_S} seconds, got ${raw}`,
    );
  }
  return {
    id,
    timeoutS,
    mustExist: search.get('session_check') === '1',
    close: search.get('close_session') === '1',
  };
}
