import { StreamError } from '../errors.ts';

/**
 * ClickHouse errors that refuse the rows themselves: the same block fails the same way on
 * every retry, so retrying would only hold the processor's offsets back. An allow-list: any
 * other engine error (a detached or missing table an operator may bring back, too many parts,
 * memory, timeouts) and every transport failure (connection refused, socket closed) counts as
 * one a retry may cure.
 */
const REFUSES_THE_ROWS: ReadonlySet<string> = new Set([
  'VIOLATED_CONSTRAINT',
  'TYPE_MISMATCH',
  'INCORRECT_DATA',
  'CANNOT_PARSE_TEXT',
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
  'CANNOT_PARSE_NUMBER',
  'CANNOT_PARSE_DATE',
  'CANNOT_PARSE_DATETIME',
  'CANNOT_PARSE_BOOL',
  'CANNOT_PARSE_UUID',
  'CANNOT_PARSE_QUOTED_STRING',
  'CANNOT_PARSE_ESCAPE_SEQUENCE',
  'CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN',
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
  'NO_SUCH_COLUMN_IN_TABLE',
  'THERE_IS_NO_COLUMN',
  'ILLEGAL_COLUMN',
  'TOO_LARGE_STRING_SIZE',
  'UNKNOWN_ELEMENT_IN_ENUM',
  // The name the engine gives an enum value it does not know (code 691; chDB 26.7): the line
  // above never matched it, and such a block was retried for ever (found in issue 17's bridge test).
  'UNKNOWN_ELEMENT_OF_ENUM',
]);

/** Wraps an insert's failure with whether a retry can help (see REFUSES_THE_ROWS). */
export function insertFailure(table: string, error: unknown): StreamError {
  const message = error instanceof Error ? error.message : String(error);
  const type = engineErrorType(error);
  if (type !== undefined && REFUSES_THE_ROWS.has(type)) {
    const why = `ClickHouse refused the rows for ${table} (${type}): ${message}`;
    return new StreamError('SINK_REJECTED', why, { cause: error });
  }
  return new StreamError('SINK_UNAVAILABLE', `insert into ${table} failed: ${message}`, {
    retriable: true,
    cause: error,
  });
}

/**
 * The engine's name of an error (`VIOLATED_CONSTRAINT`), as @clickhouse/client's ClickHouseError
 * carries it in `type`. Read by shape, not `instanceof`: embedded chDB raises the ClickHouseError
 * of its own copy of the client library, a different class.
 */
function engineErrorType(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && /^[A-Z][A-Z0-9_]+$/.test(type) ? type : undefined;
}
