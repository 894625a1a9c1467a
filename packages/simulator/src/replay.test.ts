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

  it('holds the events until beforeEvents resolves, and starts their clock after it', async () => {
    const clock = fakeClock();
    const sentAt: { wall: number; topic: string; arrival: number }[] = [];
    const sink: RecordSink = {
      send: async (b) => {
        for (const r of b) sentAt.push({ wall: clock.now(), topic: r.topic, arrival: r.arrivalTime });
      },
    };
    const scenario = createScenario(small);
    let registryAtHold = -1;
    await replay(scenario, sink, clock, {
      speedup: 3600,
      batchSize: 10_000,
      progressEveryMs: 1000,
      beforeEvents: async () => {
        registryAtHold = sentAt.length;
        await clock.sleep(60_000);
      },
    });
    // Everything sent before the hold is a registry record, and no event went out during it.
    expect(registryAtHold).toBeGreaterThan(0);
    expect(sentAt.slice(0, registryAtHold).every((s) => s.topic.startsWith('city.registry.'))).toBe(true);
    const events = sentAt.slice(registryAtHold);
    expect(events.every((s) => s.wall >= 60_000)).toBe(true);
    // The scaled clock counts from the end of the hold: the first event is not sent in a burst
    // of everything "due" during the wait.
    for (const s of events)
      expect(s.wall - 60_000 + 5).toBeGreaterThanOrEqual((s.arrival - scenario.streamStart) / 3600);
    expect(events.at(-1)?.wall).toBeLessThan(60_000 + 2_100);
  });
});
