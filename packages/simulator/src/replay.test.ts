import { TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from './record.ts';
import { type RecordSink, replay } from './replay.ts';
import { createScenario } from './scenario.ts';

function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

const small = { households: 150, hours: 2, streams: { meters: false } } as const;

describe('replay', () => {
  it('sends every registry record before the first event, in batches', async () => {
    const batches: StreamRecord[][] = [];
    const sink: RecordSink = { send: async (b) => void batches.push([...b]) };
    const scenario = createScenario(small);
    const report = await replay(scenario, sink, fakeClock(), {
      speedup: null,
      batchSize: 100,
      progressEveryMs: 1000,
    });
    const all = batches.flat();
    expect(all.length).toBe(report.sent);
    expect(batches.every((b) => b.length <= 100)).toBe(true);
    const firstEvent = all.findIndex((r) => r.topic === TOPICS.waterLevels);
    expect(all.slice(0, firstEvent).every((r) => r.topic.startsWith('city.registry.'))).toBe(true);
    expect(report.registry).toBe(firstEvent);
  });

  it('releases events on the scaled clock: 2 h at ×3600 take 2 s', async () => {
    const clock = fakeClock();
    const sentAt: { wall: number; arrival: number }[] = [];
    const sink: RecordSink = {
      send: async (b) => {
        for (const r of b) sentAt.push({ wall: clock.now(), arrival: r.arrivalTime });
      },
    };
    const scenario = createScenario(small);
    const report = await replay(scenario, sink, clock, {
      speedup: 3600,
      batchSize: 10_000,
      progressEveryMs: 1000,
    });
    expect(report.elapsedMs).toBeGreaterThan(1900);
    expect(report.elapsedMs).toBeLessThan(2100);
    // Never early: each event leaves once its arrival time is reached on the scaled clock.
    for (const s of sentAt.filter((x) => x.arrival > scenario.streamStart)) {
      expect(s.wall + 5).toBeGreaterThanOrEqual((s.arrival - scenario.streamStart) / 3600);
    }
  });
});
