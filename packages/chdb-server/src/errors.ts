import { OnegridError } from '@onegrid/errors';

/**
 * Errors as ClickHouse's HTTP interface reports them: the engine's own text
 * (`Code: 60. DB::Exception: … (UNKNOWN_TABLE)`), its code in `X-ClickHouse-Exception-Code`,
 * and an HTTP status chosen from the code as the server does. @clickhouse/client parses the
 * text into a ClickHouseError with `code` and `type`.
 */
export interface EngineFailure {
  readonly code: number;
  /** ClickHouse's name of the code (`UNKNOWN_TABLE`), when the text carries it. */
  readonly name: string | undefined;
  /** The full text, as the engine wrote it. */
  readonly text: string;
}

/** Codes this server raises itself, with ClickHouse's names and numbers. */
export const OWN_ERRORS = {
  BAD_ARGUMENTS: 36,
  SYNTAX_ERROR: 62,
  UNKNOWN_EXCEPTION: 1002,
  SESSION_NOT_FOUND: 372,
  /** The server is stopping: the request was not run (retry elsewhere or later). */
  NETWORK_ERROR: 210,
  /** No token, a wrong one, or a Host/Origin that is not this machine. */
  AUTHENTICATION_FAILED: 516,
  /** A request tried to change readonly or another guarded setting. */
  READONLY: 164,
} as const;

/** A failure to report to the client as ClickHouse would; thrown inside this server. */
export class ClickHouseFailure extends OnegridError {
  readonly failure: EngineFailure;

  /** `code` is ClickHouse's name of the failure; only a refusal while stopping can succeed on retry (the engine's errors repeat). */
  constructor(failure: EngineFailure, options: { cause?: unknown } = {}) {
    super(failure.name ?? 'UNKNOWN_EXCEPTION', failure.text, {
      retriable: failure.code === OWN_ERRORS.NETWORK_ERROR,
      cause: options.cause,
    });
    this.failure = failure;
  }

  static own(name: keyof typeof OWN_ERRORS, message: string): ClickHouseFailure {
    return new ClickHouseFailure(ownFailure(name, message));
  }
}

/** Reads the engine's error text; text without a code becomes UNKNOWN_EXCEPTION (1002). */
export function readEngineFailure(message: string): EngineFailure {
  const code = /Code: (\d+)\./.exec(message)?.[1];
  const name = /\(([A-Z][A-Z0-9_]{2,})\)(?: \(version [^)]*\))?\s*$/.exec(message.trim())?.[1];
  if (code === undefined) {
    return ownFailure('UNKNOWN_EXCEPTION', message);
  }
  return { code: Number(code), name, text: message.trim() };
}

export function ownFailure(name: keyof typeof OWN_ERRORS, message: string): EngineFailure {
  const code = OWN_ERRORS[name];
  return { code, name, text: `Code: ${code}. DB::Exception: ${message}. (${name})` };
}

/** The body ClickHouse sends for an error: the text, its version, a newline. */
export function errorBody(failure: EngineFailure, version: string): string {
  return `${failure.text} (version ${version})\n`;
}

const STATUS_BY_NAME: Readonly<Record<string, number>> = {
  // 400: the request itself is wrong.
  SYNTAX_ERROR: 400,
  BAD_ARGUMENTS: 400,
  CANNOT_PARSE_TEXT: 400,
  CANNOT_PARSE_ESCAPE_SEQUENCE: 400,
  CANNOT_PARSE_QUOTED_STRING: 400,
  CANNOT_PARSE_INPUT_ASSERTION_FAILED: 400,
  CANNOT_PARSE_DATE: 400,
  CANNOT_PARSE_DATETIME: 400,
  CANNOT_PARSE_NUMBER: 400,
  CANNOT_PARSE_BOOL: 400,
  INCORRECT_DATA: 400,
  TYPE_MISMATCH: 400,
  UNKNOWN_QUERY_PARAMETER: 400,
  BAD_QUERY_PARAMETER: 400,
  VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: 400,
  EMPTY_QUERY: 400,
  // 403: refused by readonly or permissions.
  READONLY: 403,
  ACCESS_DENIED: 403,
  AUTHENTICATION_FAILED: 403,
  // 404: something named does not exist.
  UNKNOWN_TABLE: 404,
  UNKNOWN_DATABASE: 404,
  UNKNOWN_FUNCTION: 404,
  UNKNOWN_IDENTIFIER: 404,
  UNKNOWN_TYPE: 404,
  UNKNOWN_SETTING: 404,
  UNKNOWN_FORMAT: 404,
  UNKNOWN_STORAGE: 404,
  UNKNOWN_AGGREGATE_FUNCTION: 404,
  SESSION_NOT_FOUND: 404,
  // 413 / 501 / 503
  QUERY_IS_TOO_LARGE: 413,
  NOT_IMPLEMENTED: 501,
  NETWORK_ERROR: 503,
};

/** The HTTP status ClickHouse answers with for an exception (500 unless it says otherwise). */
export function httpStatusOf(failure: EngineFailure): number {
  return (failure.name === undefined ? undefined : STATUS_BY_NAME[failure.name]) ?? 500;
}
