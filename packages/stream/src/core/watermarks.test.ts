import { describe, expect, it } from 'vitest';
import { Watermarks } from './watermarks.ts';

const make = () => new Watermarks({ outOfOrdernessMs: 100, idleTimeoutMs: 1_000 });

describe('watermarks > observe', () => {
  it('is the highest event time minus the out-of-orderness', () => {
    const w = make();
    w.assign(0, 0);
    expect(w.observe(0, 1_000, 0)).toBe(900);
    expect(w.observe(0, 500, 0)).toBe(900);
    expect(w.observe(0, 2_000, 0)).toBe(1_900);
  });

  it('starts at the restored value and never goes back', () => {
    const w = make();
    w.assign(0, 0, 5_000);
    expect(w.observe(0, 1_000, 0)).toBe(5_000);
  });

  it('keeps partitions apart', () => {
    const w = make();
    w.assign(0, 0);
    w.assign(1, 0);
    w.observe(0, 10_000, 0);
    expect(w.get(1)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('refuses a partition it does not own', () => {
    expect(() => make().observe(3, 1, 0)).toThrow(/not assigned/);
  });
});

describe('watermarks > advanceIdle', () => {
  it('moves an idle partition up to the slowest active one', () => {
    const w = make();
    for (const p of [0, 1, 2]) w.assign(p, 0);
    w.observe(1, 8_000, 1_500);
    w.observe(2, 9_000, 1_500);
    expect(w.advanceIdle(1_600)).toEqual([0]);
    expect(w.get(0)).toBe(7_900);
  });

  it('leaves a partition alone before its idle timeout', () => {
    const w = make();
    for (const p of [0, 1]) w.assign(p, 0);
    w.observe(1, 8_000, 500);
    expect(w.advanceIdle(900)).toEqual([]);
    expect(w.get(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('does nothing when every partition is idle', () => {
    const w = make();
    w.assign(0, 0);
    w.observe(0, 5_000, 0);
    expect(w.advanceIdle(10_000)).toEqual([]);
    expect(w.get(0)).toBe(4_900);
  });

  it('never moves an idle partition back', () => {
    const w = make();
    w.assign(0, 0);
    w.assign(1, 0);
    w.observe(0, 50_000, 0);
    w.observe(1, 1_000, 1_500);
    expect(w.advanceIdle(1_600)).toEqual([]);
    expect(w.get(0)).toBe(49_900);
  });
});
