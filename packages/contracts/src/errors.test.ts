import { describe, expect, it } from 'vitest';
import { ContractError, DECODE_ERRORS } from './errors.ts';

describe('errors > DECODE_ERRORS', () => {
  it('marks no decode error retriable: the same bytes fail the same way', () => {
    expect(Object.values(DECODE_ERRORS).every((e) => !e.retriable)).toBe(true);
  });
});

describe('errors > ContractError', () => {
  const error = new ContractError(
    { code: 'invalid', reason: 'people: expected integer ≥ 1, got 0', issues: [] },
    { cause: 'upstream' },
  );

  it('uses the reason as its message', () => {
    expect(error.message).toBe('people: expected integer ≥ 1, got 0');
  });

  it('carries code, retriable and cause', () => {
    expect(error).toMatchObject({ code: 'invalid', retriable: false, cause: 'upstream' });
  });
});
