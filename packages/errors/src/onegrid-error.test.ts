import { describe, expect, it } from 'vitest';
import { OnegridError, retriableOf } from './onegrid-error.ts';

class StoreLikeError extends OnegridError<'UNREACHABLE' | 'INVALID'> {}

describe('errors > OnegridError', () => {
  it('carries code, retriable, cause and the subclass name', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new StoreLikeError('UNREACHABLE', 'ClickHouse does not answer', { retriable: true, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(OnegridError);
    expect(error.name).toBe('StoreLikeError');
    expect(error.code).toBe('UNREACHABLE');
    expect(error.retriable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('ClickHouse does not answer');
  });

  it('is not retriable unless it says so, and has no cause unless given', () => {
    const error = new StoreLikeError('INVALID', 'bad');
    expect(error.retriable).toBe(false);
    expect('cause' in error).toBe(false);
  });
});

describe('errors > retriableOf', () => {
  it("reads the error's own retriable first", () => {
    expect(retriableOf(new OnegridError('X', 'x', { retriable: false, cause: { retriable: true } }))).toBe(
      false,
    );
  });

  it('falls back to the cause chain, then to undefined', () => {
    const wrapped = new Error('outer', { cause: new Error('mid', { cause: { retriable: true } }) });
    expect(retriableOf(wrapped)).toBe(true);
    expect(retriableOf(new Error('plain'))).toBeUndefined();
    expect(retriableOf('a string')).toBeUndefined();
    expect(retriableOf(null)).toBeUndefined();
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(retriableOf(a)).toBeUndefined();
  });
});
