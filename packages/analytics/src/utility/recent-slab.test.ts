import { describe, expect, it } from 'vitest';
import { rng as random } from '../typhoon/test-fixtures.ts';
import { type Interval, MeterTrack } from './meter-track.ts';
import { MeterTrackBefore } from './meter-track-before.ts';
import { RecentSlab } from './recent-slab.ts';
import { MINUTE } from './time.ts';

const Q = 15 * MINUTE;
const DAY = 96 * Q;

/** Everything a track tells: dispositions, intervals, first readings, resume points. */
function run(track: MeterTrack | MeterTrackBefore, seed: number): unknown[] {
  const next = random(seed);
  const out: unknown[] = [];
  let t = Date.parse('2026-09-01T00:00:00+08:00');
  let register = 1000 + next() * 100;
  let offset = Math.floor(next() * 1e9);
  for (let step = 0; step < 600; step++) {
    const r = next();
    // Mostly the next quarter; sometimes a late reading, a repeat, a gap of weeks (its time no
    // longer fits 32 bits of difference), a reset, an offset far away or unknown.
    if (r < 0.7) t += Q;
    else if (r < 0.8) t -= Math.floor(next() * 20) * Q;
    else if (r < 0.82) t += Math.floor(next() * 40) * DAY;
    const late = t;
    register += next() < 0.02 ? -register : next() * 0.5;
    offset += next() < 0.01 ? 2 ** 33 : 1;
    const reset = next() < 0.02;
    out.push(track.offer(late, register, reset, next() < 0.1 ? -1 : offset));
    if (next() < 0.3) {
      const intervals: Interval[] = [];
      const firsts: number[] = [];
      track.consume(
        t - Math.floor(next() * 8) * Q,
        (iv) => intervals.push(iv),
        (ts) => firsts.push(ts),
      );
      out.push(intervals, firsts, track.consumedAtOrBefore(t - Math.floor(next() * 30) * Q));
      out.push([
        track.anchorTs,
        track.anchorValue,
        track.anchorOffset,
        track.lastSeenTs,
        track.oldestPendingOffset(),
      ]);
    }
  }
  return out;
}

describe('usage > RecentSlab', () => {
  it('gives a track in the slab exactly what the object layout before it gave, gaps of weeks and far offsets included', () => {
    const slab = new RecentSlab();
    for (let seed = 1; seed <= 40; seed++) {
      // The reference: each field its own, readings in a Float64Array (meter-track-before.ts).
      const expected = run(new MeterTrackBefore(), seed);
      expect(run(new MeterTrack(), seed)).toEqual(expected);
      expect(run(new MeterTrack(slab), seed)).toEqual(expected);
    }
    // Forty meters, four chunks (4 + 8 + 16 + 32): shared, not arrays and an object's fields each.
    expect(slab.bytes()).toBe((4 + 8 + 16 + 32) * (24 * 16 + 6 * 8 + 2 * 4));
  });
});
