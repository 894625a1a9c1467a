import { ClickHouseError } from '@clickhouse/client';
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
]);

/** Wraps an insert's failure with whether a retry can help (see REFUSES_THE_ROWS). */
export function insertFailure(table: string, error: unknown): StreamError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ClickHouseError && error.type !== undefined && REFUSES_THE_ROWS.has(error.type)) {
    return new StreamError(
      'SINK_REJECTED',
      `ClickHouse refused the rows for ${table} (${error.type}): ${message}`,
      {
        cause: error,
      },
    );
  }
  return new StreamError('SINK_UNAVAILABLE', `insert into ${table} failed: ${message}`, {
    retriable: true,
    cause: error,
  });
}
