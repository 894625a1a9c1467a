import { describe, expect, it } from 'vitest';
import { untilAborted, waitFor } from './wait-for.ts';

describe('app > waitFor', () => {
  it('returns once the probe turns true', async () => {
    let calls = 0;
    await waitFor(async () => ++calls >= 3, { deadlineMs: 5_000, intervalMs: 1, what: 'thing' });
    expect(calls).toBe(3);
  });

  it('fails after the deadline with the last error', async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error('connection refused');
        },
        { deadlineMs: 20, intervalMs: 5, what: 'Kafka at 127.0.0.1:1' },
      ),
    ).rejects.toThrow(/Kafka at 127.0.0.1:1 not ready after 20 ms: connection refused/);
  });
});

describe('app > waitFor, bounded and stoppable', () => {
  it('throws a permanent error at once, without waiting for the deadline', async () => {
    let calls = 0;
    const permanent = Object.assign(new Error('not authorised'), { retriable: false });
    await expect(
      waitFor(
        async () => {
          calls++;
          throw permanent;
        },
        {
          deadlineMs: 60_000,
          intervalMs: 1,
          what: 'ends',
          retriable: (e) => (e as { retriable?: boolean }).retriable !== false,
        },
      ),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });

  it('ends the wait once its signal aborts', async () => {
    const stopping = new AbortController();
    let calls = 0;
    const waiting = waitFor(
      async () => {
        calls++;
        return false;
      },
      { deadlineMs: 60_000, intervalMs: 60_000, what: 'ends', signal: stopping.signal },
    );
    // The first pause is a minute long: only the abort ends it.
    setImmediate(() => stopping.abort(new Error('stopped')));
    await expect(waiting).rejects.toThrow('stopped');
    expect(calls).toBe(1);
  });

  it('ends the wait at once when its signal aborts during a probe', async () => {
    const stopping = new AbortController();
    const waiting = waitFor(
      async () => {
        stopping.abort(new Error('stopped'));
        return false;
      },
      { deadlineMs: 600_000, intervalMs: 600_000, what: 'ends', signal: stopping.signal },
    );
    // Before: the abort came before the pause listened, so the pause ran its whole 10 minutes
    // (past the test's timeout).
    await expect(waiting).rejects.toThrow('stopped');
  });
});

describe('app > untilAborted', () => {
  it('rejects with the reason once aborted, not waiting for the work', async () => {
    const stopping = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = untilAborted(never, stopping.signal);
    stopping.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });

  it("passes the work's value or error through while not aborted", async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(3), signal)).resolves.toBe(3);
    await expect(untilAborted(Promise.reject(new Error('refused')), signal)).rejects.toThrow('refused');
  });
});
