import { TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from './record.ts';
import { replay } from './replay.ts';

const rec = (topic: StreamRecord['topic'], arrivalTime: number): StreamRecord => ({
  topic,
  key: 'k',
  value: '{}',
  arrivalTime,
  fault: null,
});

describe('replay > replay', () => {
  it('acknowledges the registry before any reading, and paces readings on the scaled clock', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const batches: string[][] = [];
    const records = [
      rec(TOPICS.households, 0),
      rec(TOPICS.meterReadings, 1_000_000),
      rec(TOPICS.meterReadings, 1_000_000 + 60_000),
      rec(TOPICS.meterReadings, 1_000_000 + 120_000),
    ];
    const report = await replay(
      records,
      {
        send: async (batch) => {
          batches.push(batch.map((r) => r.topic));
        },
      },
      {
        now: () => now,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
      { speedup: 60, batchSize: 100, progressEveryMs: 1e9 },
    );
    expect(batches[0]).toEqual([TOPICS.households]);
    expect(sleeps).toEqual([1000, 1000]);
    expect(report).toMatchObject({ sent: 4, registry: 1 });
  });

  it('rethrows a failed send', async () => {
    await expect(
      replay(
        [rec(TOPICS.meterReadings, 1)],
        { send: async () => Promise.reject(new Error('broker down')) },
        { now: () => 0, sleep: async () => {} },
        { speedup: null, batchSize: 1, progressEveryMs: 1e9 },
      ),
    ).rejects.toThrow('broker down');
  });
});
