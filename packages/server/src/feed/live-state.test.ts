import { describe, expect, it } from 'vitest';
import { type Delta, LiveState } from './live-state.ts';
import { ManualScheduler } from './manual-scheduler.ts';

type Values = { risk: { score: number }; alerts: { status: string } };

function hub(options: { historySize?: number } = {}) {
  const scheduler = new ManualScheduler(1_000_000);
  const state = new LiveState<Values>({
    channels: ['risk', 'alerts'],
    scheduler,
    flushIntervalMs: 250,
    ...options,
  });
  const deltas: Delta[] = [];
  state.onDelta((d) => deltas.push(d));
  return { scheduler, state, deltas };
}

describe('feed > LiveState', () => {
  it('sends the first change at once and numbers deltas per channel from 1', () => {
    const { scheduler, state, deltas } = hub();
    state.publish('risk', { upserts: { '310101': { score: 10 } }, asOf: '2026-09-14T08:00:00+08:00' });
    state.publish('alerts', { upserts: { a1: { status: 'open' } } });
    scheduler.advance(0);
    expect(deltas.map((d) => [d.channel, d.seq])).toEqual([
      ['risk', 1],
      ['alerts', 1],
    ]);
    expect(deltas[0]).toMatchObject({
      upserts: { '310101': { score: 10 } },
      removes: [],
      asOf: '2026-09-14T08:00:00+08:00',
    });
  });

  it('coalesces changes within the interval into one delta, last value per key', () => {
    const { scheduler, state, deltas } = hub();
    state.publish('risk', { upserts: { a: { score: 1 } } });
    scheduler.advance(0);
    state.publish('risk', { upserts: { a: { score: 2 }, b: { score: 5 } } });
    scheduler.advance(100);
    state.publish('risk', { upserts: { a: { score: 3 } }, removes: ['b'] });
    state.publish('risk', { upserts: { c: { score: 7 } } });
    scheduler.advance(100);
    expect(deltas).toHaveLength(1);
    scheduler.advance(50);
    expect(deltas).toHaveLength(2);
    // b was added and removed inside one interval: clients never knew it, so nothing to remove.
    expect(deltas[1]).toMatchObject({ seq: 2, upserts: { a: { score: 3 }, c: { score: 7 } }, removes: [] });
    expect(deltas[1]?.ts).toBe(deltas[0] === undefined ? Number.NaN : deltas[0].ts + 250);
  });

  it('emits at most one delta per interval under a steady stream', () => {
    const { scheduler, state, deltas } = hub();
    for (let i = 0; i < 100; i++) {
      state.publish('risk', { upserts: { a: { score: i } } });
      scheduler.advance(100); // 10 changes per second for 10 s
    }
    scheduler.advance(1_000);
    expect(deltas.length).toBeGreaterThanOrEqual(39);
    expect(deltas.length).toBeLessThanOrEqual(41);
    for (let i = 1; i < deltas.length; i++) {
      expect((deltas[i]?.ts ?? 0) - (deltas[i - 1]?.ts ?? 0)).toBeGreaterThanOrEqual(250);
    }
    expect(state.snapshot('risk').data).toEqual({ a: { score: 99 } });
  });

  it('drops repeated values and removes of unknown keys: no delta, no seq', () => {
    const { scheduler, state, deltas } = hub();
    state.publish('risk', { upserts: { a: { score: 1 } } });
    scheduler.advance(300);
    state.publish('risk', { upserts: { a: { score: 1 } }, removes: ['zzz'] });
    scheduler.advance(300);
    expect(deltas).toHaveLength(1);
    expect(state.info('risk').seq).toBe(1);
  });

  it('replace removes the keys the new content lacks', () => {
    const { scheduler, state, deltas } = hub();
    state.replace('risk', { a: { score: 1 }, b: { score: 2 } });
    scheduler.advance(300);
    state.replace('risk', { b: { score: 2 }, c: { score: 3 } });
    scheduler.advance(300);
    expect(deltas[1]).toMatchObject({ upserts: { c: { score: 3 } }, removes: ['a'] });
    expect(state.snapshot('risk')).toMatchObject({ seq: 2, data: { b: { score: 2 }, c: { score: 3 } } });
  });

  it('keeps the newest as_of even when an older one arrives later', () => {
    const { scheduler, state } = hub();
    state.publish('risk', { upserts: { a: { score: 1 } }, asOf: '2026-09-14T08:05:00+08:00' });
    state.publish('risk', { upserts: { b: { score: 1 } }, asOf: '2026-09-14T00:01:00Z' });
    scheduler.advance(0);
    expect(state.info('risk').asOf).toBe('2026-09-14T08:05:00+08:00');
  });

  it('gives a resuming client exactly the deltas after its seq, or undefined when too old', () => {
    const { scheduler, state } = hub({ historySize: 3 });
    for (let i = 1; i <= 5; i++) {
      state.publish('risk', { upserts: { a: { score: i } } });
      scheduler.advance(250);
    }
    expect(state.info('risk').seq).toBe(5);
    expect(state.deltasAfter('risk', 3)?.map((d) => d.seq)).toEqual([4, 5]);
    expect(state.deltasAfter('risk', 2)?.map((d) => d.seq)).toEqual([3, 4, 5]);
    expect(state.deltasAfter('risk', 5)).toEqual([]);
    expect(state.deltasAfter('risk', 1)).toBeUndefined();
    expect(state.deltasAfter('risk', 9)).toBeUndefined();
  });

  it('a snapshot plus the deltas after it rebuilds the current state', () => {
    const { scheduler, state } = hub();
    state.publish('risk', { upserts: { a: { score: 1 }, b: { score: 2 } } });
    scheduler.advance(250);
    const snap = state.snapshot('risk');
    state.publish('risk', { upserts: { c: { score: 3 } }, removes: ['a'] });
    scheduler.advance(250);
    state.publish('risk', { upserts: { b: { score: 4 } } });
    scheduler.advance(250);
    const rebuilt: Record<string, unknown> = { ...snap.data };
    for (const d of state.deltasAfter('risk', snap.seq) ?? []) {
      for (const k of d.removes) delete rebuilt[k];
      Object.assign(rebuilt, d.upserts);
    }
    expect(rebuilt).toEqual(state.snapshot('risk').data);
  });

  it('refuses an unknown channel with the list of channels', () => {
    const { state } = hub();
    expect(() => state.snapshot('nope')).toThrow(/unknown channel "nope"; channels are risk, alerts/);
  });

  it("starts every channel at firstSeq, so an older run's seq gets a snapshot, not deltas", () => {
    const scheduler = new ManualScheduler();
    const state = new LiveState<{ risk: number }>({ channels: ['risk'], scheduler, firstSeq: 1_000 });
    state.publish('risk', { upserts: { a: 1 } });
    state.flushAll();
    expect(state.info('risk').seq).toBe(1_001);
    expect(state.deltasAfter('risk', 1_000)?.length).toBe(1);
    expect(state.deltasAfter('risk', 3)).toBeUndefined();
  });
});
