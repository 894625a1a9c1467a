import { describe, expect, it } from 'vitest';
import { ChannelStore } from './store.ts';

const snap = (seq: number, data: Record<string, unknown>) =>
  ({ type: 'snapshot', channel: 'risk', seq, ts: '', data }) as const;
const delta = (seq: number, upserts: Record<string, unknown>, removes: string[] = []) =>
  ({ type: 'delta', channel: 'risk', seq, ts: '', upserts, removes }) as const;

describe('store > ChannelStore', () => {
  it('replaces the channel with a snapshot', () => {
    const s = new ChannelStore();
    s.applySnapshot(snap(3, { a: 1, b: 2 }), 10);
    s.applySnapshot(snap(5, { c: 3 }), 20);
    expect(s.values('risk')).toEqual([3]);
    expect(s.seq('risk')).toBe(5);
    expect(s.get('risk')?.confirmedAt).toBe(20);
  });

  it('applies the next delta: upserts and removes', () => {
    const s = new ChannelStore();
    s.applySnapshot(snap(3, { a: 1, b: 2 }), 0);
    expect(s.applyDelta(delta(4, { a: 10, c: 3 }, ['b']), 0)).toBe('applied');
    expect(Object.fromEntries(s.get('risk')?.entries ?? [])).toEqual({ a: 10, c: 3 });
  });

  it('ignores a delta it already applied', () => {
    const s = new ChannelStore();
    s.applySnapshot(snap(3, { a: 1 }), 0);
    s.applyDelta(delta(4, { a: 2 }), 0);
    const version = s.version;
    expect(s.applyDelta(delta(4, { a: 99 }), 0)).toBe('duplicate');
    expect(s.value('risk', 'a')).toBe(2);
    expect(s.version).toBe(version);
  });

  it('leaves a delta past a gap unapplied', () => {
    const s = new ChannelStore();
    s.applySnapshot(snap(3, { a: 1 }), 0);
    expect(s.applyDelta(delta(5, { a: 2 }), 0)).toBe('gap');
    expect(s.value('risk', 'a')).toBe(1);
    expect(s.seq('risk')).toBe(3);
  });

  it('treats a delta before any snapshot as a gap', () => {
    const s = new ChannelStore();
    expect(s.applyDelta(delta(1, { a: 2 }), 0)).toBe('gap');
    expect(s.values('risk')).toEqual([]);
  });

  it('takes a snapshot at a lower seq: a restarted server counts from 1 again', () => {
    const s = new ChannelStore();
    s.applySnapshot(snap(70, { a: 7 }), 0);
    expect(s.applySnapshot(snap(2, { a: 2 }), 0)).toBe('applied');
    expect(s.value('risk', 'a')).toBe(2);
    expect(s.applyDelta(delta(3, { a: 3 }), 0)).toBe('applied');
    expect(s.value('risk', 'a')).toBe(3);
  });

  it('takes as_of from snapshots and deltas', () => {
    const s = new ChannelStore();
    s.applySnapshot({ ...snap(1, {}), as_of: '2026-09-14T08:00:00+08:00' }, 0);
    expect(s.get('risk')?.asOf).toBe('2026-09-14T08:00:00+08:00');
    s.applyDelta({ ...delta(2, {}), as_of: '2026-09-14T08:05:00+08:00' }, 0);
    expect(s.get('risk')?.asOf).toBe('2026-09-14T08:05:00+08:00');
  });

  it('reports a heartbeat ahead of its seq as a gap and records as_of', () => {
    const s = new ChannelStore();
    s.applySnapshot(snap(3, {}), 0);
    expect(s.applyHeartbeat('risk', 3, '2026-09-14T09:00:00+08:00', 50)).toBe('applied');
    expect(s.get('risk')?.asOf).toBe('2026-09-14T09:00:00+08:00');
    expect(s.get('risk')?.confirmedAt).toBe(50);
    expect(s.applyHeartbeat('risk', 4, null, 60)).toBe('gap');
    expect(s.get('risk')?.confirmedAt).toBe(50);
  });
});
