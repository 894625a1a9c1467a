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
