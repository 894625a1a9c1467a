import { ClickHouseError } from '@clickhouse/client';
import { retriableOf } from '@onegrid/errors';
import { describe, expect, it } from 'vitest';
import { insertFailure } from './clickhouse-refusals.ts';

const engine = (code: string, type: string) =>
  new ClickHouseError({ message: `Code: ${code}. DB::Exception: nope. (${type})`, code, type });

describe('sinks > ClickHouse insert failures', () => {
  it('does not retry rows the table refuses', () => {
    for (const [code, type] of [
      ['469', 'VIOLATED_CONSTRAINT'],
      ['27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'],
      ['117', 'INCORRECT_DATA'],
    ] as const) {
      const failure = insertFailure('alerts', engine(code, type));
      expect(failure.code).toBe('SINK_REJECTED');
      expect(retriableOf(failure)).toBe(false);
      expect(failure.message).toContain(type);
    }
  });

  it("reads the engine's error name by shape (embedded chDB raises its own copy's ClickHouseError)", () => {
    const foreign = Object.assign(new Error('Constraint `c` is violated at row 1'), {
      code: '469',
      type: 'VIOLATED_CONSTRAINT',
    });
    expect(insertFailure('alerts', foreign)).toMatchObject({ code: 'SINK_REJECTED', retriable: false });
  });

  it('retries a table that is away, an engine that is busy, and a connection that fails', () => {
    for (const error of [
      engine('60', 'UNKNOWN_TABLE'),
      engine('252', 'TOO_MANY_PARTS'),
      engine('210', 'NETWORK_ERROR'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }),
      new Error('socket hang up'),
    ]) {
      const failure = insertFailure('alerts', error);
      expect(failure.code).toBe('SINK_UNAVAILABLE');
      expect(retriableOf(failure)).toBe(true);
      expect(failure.cause).toBe(error);
    }
  });
});
