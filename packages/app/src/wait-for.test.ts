import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.ts';

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
