import { describe, expect, it } from 'vitest';
import { rng as random } from '../typhoon/test-fixtures.ts';
import { type Interval, MeterTrack } from './meter-track.ts';
import { MeterTrackBefore } from './meter-track-before.ts';
import { RecentSlab } from './recent-slab.ts';
import { MINUTE } from './time.ts';

const Q = 15 * MINUTE;
const DAY = 96 * Q;

/** Everything a track tells: dispositions, intervals, first readings, resume points. */
function run(track: MeterTrack | MeterTrackBefore, seed: number, decimals?: number): unknown[] {
  const unit = decimals === undefined ? undefined : 10 ** decimals;
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
    // As meters send them (0.001 m3, 0.01 kWh), or not a whole number of millionths (wide).
    if (unit !== undefined) register = Math.round(register * unit) / unit;
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
      for (const decimals of [3, 2, undefined]) {
        const expected = run(new MeterTrackBefore(), seed, decimals);
        expect(run(new MeterTrack(), seed, decimals)).toEqual(expected);
        expect(run(new MeterTrack(slab), seed, decimals)).toEqual(expected);
      }
    }
    // 120 meters, five chunks (4 + 8 + 16 + 32 + 64): shared, not arrays and an object's fields each.
    expect(slab.bytes()).toBe((4 + 8 + 16 + 32 + 64) * (24 * 12 + 10 * 8 + 2 * 4));
    // Each of them meets a gap of weeks or an offset 2^33 away within its 600 steps (registers
    // of whole millionths in the slab until then, the others wide from their first).
    expect(slab.wide()).toBe(120);
  });

  it('keeps a meter reporting for months in the slab: its bases follow it', () => {
    const slab = new RecentSlab();
    const track = new MeterTrack(slab);
    const before = new MeterTrackBefore();
    const t0 = Date.parse('2026-09-01T00:00:00+08:00');
    let register = 99_000.5;
    const seen: unknown[][] = [[], []];
    // 120 days of quarters (32 bits of milliseconds last 24.8 days), a register growing by
    // thousands (2^31 millionths is 2,147 units), offsets past 2^31, and a late reading a day.
    // The late one is held back three quarters and offered after them: it lands between consumed
    // readings (put back in its place), not on one already offered (a duplicate).
    let held: [number, number, number] | undefined;
    const lateSeen: unknown[] = [];
    for (let q = 0; q < 120 * 96; q++) {
      register = Math.round((register + 0.75) * 100) / 100;
      const reading: [number, number, number] = [t0 + q * Q, register, 2 ** 31 - 5000 + q];
      const offers: [number, number, number][] = [];
      if (q % 96 === 50) held = reading;
      else offers.push(reading);
      if (held !== undefined && q % 96 === 53) {
        offers.push(held);
        held = undefined;
      }
      for (const [ts, value, offset] of offers)
        for (const [k, tr] of [track, before].entries()) {
          const disposition = tr.offer(ts, value, false, offset);
          (seen[k] as unknown[]).push(disposition);
          if (k === 0 && ts < t0 + q * Q) lateSeen.push(disposition);
          tr.consume(ts, (iv) => (seen[k] as unknown[]).push(iv));
          if (q % 97 === 0) (seen[k] as unknown[]).push(tr.consumedAtOrBefore(ts - 5 * Q));
        }
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(lateSeen).toHaveLength(120);
    expect(lateSeen).not.toContain('duplicate');
    expect(slab.wide()).toBe(0);
  });
});
