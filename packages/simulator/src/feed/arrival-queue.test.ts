import { TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../record.ts';
import { ArrivalQueue } from './arrival-queue.ts';

const rec = (arrivalTime: number, key = 'k'): StreamRecord => ({
  topic: TOPICS.waterLevels,
  key,
  value: '{}',
  arrivalTime,
  fault: null,
});

describe('feed > ArrivalQueue', () => {
  it('releases a slice sorted by arrival, ties in push order', () => {
    const q = new ArrivalQueue(0, 1000);
    q.push(rec(500, 'a'));
    q.push(rec(100, 'b'));
    q.push(rec(500, 'c'));
    q.push(rec(1500, 'd'));
    expect(q.release(0).map((r) => r.key)).toEqual(['b', 'a', 'c']);
    expect(q.pending).toBe(1);
    expect(q.release(1).map((r) => r.key)).toEqual(['d']);
  });

  it('sorts large slices (counting sort) stably as well', () => {
    const q = new ArrivalQueue(0, 300_000);
    const times = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 300_000);
    times.forEach((t, i) => {
      q.push(rec(t, String(i)));
    });
    const out = q.release(0);
    expect(out).toHaveLength(10_000);
    for (let i = 1; i < out.length; i++) {
      const a = out[i - 1] as StreamRecord;
      const b = out[i] as StreamRecord;
      expect(a.arrivalTime <= b.arrivalTime).toBe(true);
      if (a.arrivalTime === b.arrivalTime) expect(Number(a.key) < Number(b.key)).toBe(true);
    }
  });

  it('refuses a record for a slice already released', () => {
    const q = new ArrivalQueue(0, 1000);
    q.release(0);
    expect(() => q.push(rec(999))).toThrow(RangeError);
  });
});
