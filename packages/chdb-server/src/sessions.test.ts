import { describe, expect, it } from 'vitest';
import type { EngineConnection } from './engine.ts';
import { ClickHouseFailure } from './errors.ts';
import { Sessions } from './sessions.ts';

/** A stand-in connection: these tests are about bookkeeping, not about the engine. */
function connections(): { open: () => EngineConnection; closed: number[]; opened: () => number } {
  let count = 0;
  const closed: number[] = [];
  return {
    closed,
    opened: () => count,
    open: () => {
      const id = ++count;
      return {
        query: () => Promise.reject(new Error('unused')),
        insert: () => Promise.reject(new Error('unused')),
        close: () => closed.push(id),
      };
    },
  };
}

const request = { id: 's1', timeoutS: 60, mustExist: false, close: false };

describe('Sessions', () => {
  it('keeps one connection per session id until it idles past its timeout', () => {
    const c = connections();
    const sessions = new Sessions(c.open);
    const first = sessions.acquire(request, 0);
    expect(sessions.acquire(request, 59_000)).toBe(first);
    expect(sessions.acquire({ ...request, id: 's2' }, 59_000)).not.toBe(first);
    sessions.expire(59_000 + 60_000);
    expect(c.closed).toEqual([1, 2]);
    expect(sessions.size).toBe(0);
  });

  it('refuses an unknown session when session_check is set', () => {
    const sessions = new Sessions(connections().open);
    expect(() => sessions.acquire({ ...request, mustExist: true }, 0)).toThrow(ClickHouseFailure);
    try {
      sessions.acquire({ ...request, mustExist: true }, 0);
    } catch (error) {
      expect((error as ClickHouseFailure).failure.name).toBe('SESSION_NOT_FOUND');
    }
  });

  it('ends a session on request and closes all at shutdown', () => {
    const c = connections();
    const sessions = new Sessions(c.open);
    sessions.acquire(request, 0);
    sessions.acquire({ ...request, id: 's2' }, 0);
    sessions.end('s1');
    expect(c.closed).toEqual([1]);
    sessions.closeAll();
    expect(c.closed).toEqual([1, 2]);
    expect(c.opened()).toBe(2);
  });
});
