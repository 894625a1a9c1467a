import { describe, expect, it } from 'vitest';
import { errorBody, httpStatusOf, ownFailure, readEngineFailure } from './errors.ts';

describe('readEngineFailure', () => {
  it("reads the code and name from the engine's text", () => {
    const failure = readEngineFailure('Code: 60. DB::Exception: Unknown table nope. (UNKNOWN_TABLE)');
    expect(failure).toEqual({
      code: 60,
      name: 'UNKNOWN_TABLE',
      text: 'Code: 60. DB::Exception: Unknown table nope. (UNKNOWN_TABLE)',
    });
    expect(httpStatusOf(failure)).toBe(404);
  });

  it('makes text without a code an UNKNOWN_EXCEPTION', () => {
    const failure = readEngineFailure('connection closed');
    expect(failure.code).toBe(1002);
    expect(failure.text).toBe('Code: 1002. DB::Exception: connection closed. (UNKNOWN_EXCEPTION)');
    expect(httpStatusOf(failure)).toBe(500);
  });
});

describe('errorBody', () => {
  it('ends with the version, in a form @clickhouse/client parses', () => {
    const body = errorBody(ownFailure('SYNTAX_ERROR', 'Empty query'), '26.7.2.1');
    expect(body).toBe('Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR) (version 26.7.2.1)\n');
    expect(httpStatusOf(ownFailure('SYNTAX_ERROR', 'x'))).toBe(400);
    expect(httpStatusOf(ownFailure('NETWORK_ERROR', 'x'))).toBe(503);
  });
});
