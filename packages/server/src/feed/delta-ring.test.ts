import { describe, expect, it } from 'vitest';
import { DeltaRing } from './delta-ring.ts';

describe('feed > DeltaRing', () => {
  it('keeps the newest `capacity` items and answers what follows a seq', () => {
    const ring = new DeltaRing<string>(3);
    for (let seq = 1; seq <= 5; seq++) ring.push(seq, `d${seq}`);
    expect(ring.after(2)).toEqual(['d3', 'd4', 'd5']);
    expect(ring.after(4)).toEqual(['d5']);
    expect(ring.after(5)).toEqual([]);
    expect(ring.after(1)).toBeUndefined(); // d2 is gone
    expect(ring.after(6)).toBeUndefined(); // ahead: a client of an earlier run
  });

  it('evicts by bytes too, but always keeps the newest item', () => {
    const ring = new DeltaRing<string>(100, 250);
    ring.push(1, 'a', 100);
    ring.push(2, 'b', 100);
    ring.push(3, 'c', 100);
    expect(ring.after(1)).toEqual(['b', 'c']);
    expect(ring.after(0)).toBeUndefined();
    expect(ring.bytes).toBe(200);
    ring.push(4, 'huge', 1_000);
    expect(ring.after(3)).toEqual(['huge']);
    expect(ring.after(2)).toBeUndefined();
    expect(ring.bytes).toBe(1_000);
  });

  it('stays correct across many pushes (compaction)', () => {
    const ring = new DeltaRing<number>(10);
    for (let seq = 1; seq <= 1_000; seq++) ring.push(seq, seq);
    expect(ring.after(990)).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
    expect(ring.after(989)).toBeUndefined();
  });

  it('refuses a seq out of order', () => {
    const ring = new DeltaRing<number>(2);
    ring.push(1, 1);
    expect(() => ring.push(3, 3)).toThrow('ring expected seq 2, got 3');
  });
});
