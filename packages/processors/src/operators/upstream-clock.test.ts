import { describe, expect, it } from 'vitest';
import { UpstreamClock } from './upstream-clock.ts';

const MIN = 60_000;
const clock = (expected: string[]) =>
  new UpstreamClock({ expected, outOfOrdernessMs: 10 * MIN, idleMs: 30_000, now: 0 });

describe('UpstreamClock', () => {
  it('follows the slowest source, not the newest message', () => {
    const c = clock(['a/0', 'a/1']);
    c.observe('a/0', 600 * MIN, 1_000);
    c.observe('a/1', 100 * MIN, 1_000);
    expect(c.watermark(2_000)).toBe(90 * MIN);
    c.observe('a/1', 500 * MIN, 3_000);
    expect(c.watermark(3_000)).toBe(490 * MIN);
  });

  it('waits for an expected source it has not heard from yet', () => {
    const c = clock(['a/0', 'b/0']);
    c.observe('a/0', 600 * MIN, 1_000);
    expect(c.watermark(2_000)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('stops waiting for a source idle longer than the bound', () => {
    const c = clock(['a/0', 'b/0']);
    c.observe('a/0', 600 * MIN, 40_000);
    expect(c.watermark(40_000)).toBe(590 * MIN);
  });

  it('never moves a source back when an older message comes', () => {
    const c = clock(['a/0']);
    c.observe('a/0', 600 * MIN, 1_000);
    c.observe('a/0', 100 * MIN, 1_500);
    expect(c.watermark(2_000)).toBe(590 * MIN);
  });

  it('reaches the newest time once every source is idle', () => {
    const c = clock(['a/0', 'b/0']);
    c.observe('a/0', 600 * MIN, 1_000);
    c.observe('b/0', 550 * MIN, 1_000);
    expect(c.watermark(100_000)).toBe(590 * MIN);
  });
});

describe('UpstreamClock > a feed silent in event time', () => {
  const lagging = (expected: string[]) =>
    new UpstreamClock({ expected, outOfOrdernessMs: 10 * MIN, idleMs: 30_000, maxLagMs: 30 * MIN, now: 0 });

  it('stops holding the others once it trails the newest source by more than maxLagMs', () => {
    const c = lagging(['weather/0', 'water/0']);
    c.observe('weather/0', 100 * MIN, 1_000);
    c.observe('water/0', 120 * MIN, 1_000);
    expect(c.watermark(1_000)).toBe(90 * MIN);
    // A replayed backlog: the weather feed died at 100 min, water runs on, all within a second.
    c.observe('water/0', 400 * MIN, 1_500);
    expect(c.watermark(1_500)).toBe(390 * MIN);
    expect(c.activeSources(1_500)).toEqual(['water/0']);
  });

  it('rejoins when the silent feed speaks again, without moving the watermark back', () => {
    const c = lagging(['weather/0', 'water/0']);
    c.observe('weather/0', 100 * MIN, 1_000);
    c.observe('water/0', 400 * MIN, 1_000);
    expect(c.watermark(1_000)).toBe(390 * MIN);
    // It comes back with its store-and-forward backlog: behind the watermark, so late.
    c.observe('weather/0', 200 * MIN, 2_000);
    expect(c.watermark(2_000)).toBe(390 * MIN);
    // Live again: it holds the watermark once more.
    c.observe('weather/0', 405 * MIN, 3_000);
    c.observe('water/0', 420 * MIN, 3_000);
    expect(c.watermark(3_000)).toBe(395 * MIN);
    expect(c.activeSources(3_000).sort()).toEqual(['water/0', 'weather/0']);
  });

  it('waits for a source never heard from only until its processing-time bound', () => {
    const c = lagging(['weather/0', 'water/0']);
    c.observe('water/0', 400 * MIN, 1_000);
    expect(c.watermark(1_000)).toBe(Number.NEGATIVE_INFINITY);
    expect(c.watermark(30_000)).toBe(390 * MIN);
  });

  it('lets one silent meter partition go after its idle bound, the others keep the pace', () => {
    const c = clock(['meter/0', 'meter/1', 'meter/2']);
    c.observe('meter/0', 100 * MIN, 0);
    c.observe('meter/1', 100 * MIN, 0);
    c.observe('meter/2', 100 * MIN, 0);
    for (let s = 1; s <= 10; s++) {
      c.observe('meter/0', (100 + 15 * s) * MIN, s * 10_000);
      c.observe('meter/1', (100 + 15 * s) * MIN, s * 10_000);
    }
    expect(c.watermark(100_000)).toBe(240 * MIN);
  });

  it('tells how far a released source got on its own, behind the watermark it no longer holds', () => {
    const c = clock(['meter/0', 'meter/1']);
    c.observe('meter/0', 100 * MIN, 0);
    c.observe('meter/1', 500 * MIN, 40_000);
    expect(c.watermark(40_000)).toBe(490 * MIN);
    expect(c.progress('meter/0', 40_000)).toEqual({ reached: 90 * MIN, silentMs: 40_000 });
    expect(c.progress('meter/1', 45_000)).toEqual({ reached: 490 * MIN, silentMs: 5_000 });
    expect(c.progress('meter/9', 45_000).reached).toBe(Number.NEGATIVE_INFINITY);
  });
});
