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
    expect(slab.bytes()).toBe((4 + 8 + 16 + 32 + 64) * (24 * 4 + 4 * 8 + 2 * 4));
    // Each of them is given input offsets (kept wide), meets gaps of weeks and resets.
    expect(slab.widened()).toBeGreaterThanOrEqual(120);
  });

  it('gives a track in the columns exactly what the object layout gave, on readings without offsets, through every escape', () => {
    // As the processor feeds it (no input offset): quarters mostly, and each way out of the
    // columns and back: a gap past 18 h (65,535 s), times not whole seconds apart, a step of more
    // than 32.767 units, a reset's drop, a register not in whole thousandths; late readings put
    // back between remembered ones, repeats of remembered ones, readings older than all of them.
    for (let seed = 1; seed <= 30; seed++) {
      const slab = new RecentSlab();
      const tracks = [new MeterTrackBefore(), new MeterTrack(slab), new MeterTrack(slab), new MeterTrack()];
      const next = random(seed * 7919);
      const out: unknown[][] = tracks.map(() => []);
      let t = Date.parse('2026-09-01T00:00:00+08:00');
      let register = Math.round(next() * 1e6) / 1000;
      const offered: [number, number][] = [];
      for (let step = 0; step < 3000; step++) {
        const r = next();
        let ts: number;
        let value: number;
        let reset = false;
        if (r < 0.04 && offered.length > 0) {
          // A repeat or a late reading: one offered before, or between two of them.
          const [pts, pv] = offered[
            offered.length - 1 - Math.floor(next() * Math.min(40, offered.length))
          ] as [number, number];
          ts = next() < 0.5 ? pts : pts - Math.floor(next() * 3) * 300_000;
          value = pv;
        } else {
          const g = next();
          t +=
            g < 0.98
              ? 900_000
              : g < 0.99
                ? 900_000 * (1 + Math.floor(next() * 120))
                : g < 0.995
                  ? 1 + Math.floor(next() * 2_000_000)
                  : 65_535_000 + (next() < 0.5 ? 0 : 1000);
          const u = next();
          register += u < 0.98 ? next() * 0.4 : u < 0.99 ? 32.767 : 30 + next() * 20;
          register = next() < 0.995 ? Math.round(register * 1000) / 1000 : Math.round(register * 1e5) / 1e5;
          if (next() < 0.005) {
            reset = true;
            register = Math.round(next() * 10_000) / 1000;
          }
          ts = t;
          value = register;
        }
        offered.push([ts, value]);
        for (const [k, track] of tracks.entries()) {
          const o = out[k] as unknown[];
          o.push(track.offer(ts, value, reset));
          if (step % 3 === 0) {
            const upTo = t - (step % 7) * 900_000;
            const intervals: Interval[] = [];
            track.consume(
              upTo,
              (iv) => intervals.push(iv),
              (x) => intervals.push({ from: x, to: x, usage: 0 }),
            );
            o.push(intervals, track.consumedAtOrBefore(t - (step % 29) * 900_000));
            o.push([track.anchorTs, track.anchorValue, track.anchorOffset, track.lastSeenTs]);
            o.push([track.hasPending(), track.oldestPendingTs(), track.oldestPendingOffset()]);
          }
        }
      }
      for (const o of out.slice(1)) expect(o).toEqual(out[0]);
      // Out of the columns and back, again and again (a meter leaves them only from them).
      expect(slab.widened()).toBeGreaterThan(20);
    }
  });

  it('brings a meter back to the columns once the step that did not fit has left its remembered readings', () => {
    // A gap past 18 h, a step past 32.767 units, a reset: each sends the meter wide; regular
    // quarters after it bring it back after RECENT of them, not twice that (review, session 19).
    for (const cause of ['gap', 'step', 'reset'] as const) {
      const slab = new RecentSlab();
      const track = new MeterTrack(slab);
      let ts = Date.parse('2026-09-01T00:00:00+08:00');
      let register = 100;
      const quarter = (reset = false): void => {
        track.offer(ts, register, reset);
        track.consume(ts, () => undefined);
      };
      for (let q = 0; q < 30; q++) {
        ts += Q;
        register = Math.round((register + 0.25) * 1000) / 1000;
        quarter();
      }
      ts += cause === 'gap' ? 20 * 4 * Q : Q;
      if (cause === 'step') register += 50;
      if (cause === 'reset') register = 0;
      quarter(cause === 'reset');
      expect(slab.wide()).toBe(1);
      let regular = 0;
      while (slab.wide() > 0 && regular < 200) {
        ts += Q;
        register = Math.round((register + 0.25) * 1000) / 1000;
        quarter();
        regular++;
      }
      expect([cause, regular]).toEqual([cause, 24]);
    }
  });

  it('reads a remembered 0 back as +0 when the anchor is −0, as the object layout did', () => {
    // The contract lets a register of −0 through (−0 ≥ 0); a late reading's retract reads the
    // remembered ones back: −0 there would flip the sign of a zero usage (review, session 19).
    const t0 = Date.parse('2026-09-01T00:00:00+08:00');
    const seen: Interval[][] = [[], []];
    for (const [k, track] of [new MeterTrack(new RecentSlab()), new MeterTrackBefore()].entries()) {
      for (const [ts, value] of [
        [t0, 0],
        [t0 + 2 * Q, -0],
        [t0 + Q, 0],
      ] as const) {
        track.offer(ts, value, false);
        track.consume(t0 + 2 * Q, (iv) => (seen[k] as Interval[]).push(iv));
      }
    }
    const signs = (ivs: Interval[] | undefined) =>
      (ivs ?? []).map((iv) => [iv.role, Object.is(iv.usage, -0)]);
    expect(signs(seen[0])).toEqual(signs(seen[1]));
    expect(seen[0]?.some((iv) => iv.role === 'retract')).toBe(true);
  });

  it('keeps a meter reporting for months in the columns: each reading a difference from the next', () => {
    for (const offsets of [false, true]) {
      const slab = new RecentSlab();
      const track = new MeterTrack(slab);
      const before = new MeterTrackBefore();
      const t0 = Date.parse('2026-09-01T00:00:00+08:00');
      let register = 99_000.5;
      const seen: unknown[][] = [[], []];
      // 120 days of quarters, a register growing by thousands, and a late reading a day (with
      // input offsets past 2^31, or none, as the processor feeds it). The late one is held back
      // three quarters and offered after them: it lands between consumed readings (put back in
      // its place), not on one already offered (a duplicate).
      let held: [number, number, number] | undefined;
      const lateSeen: unknown[] = [];
      for (let q = 0; q < 120 * 96; q++) {
        register = Math.round((register + 0.75) * 100) / 100;
        const reading: [number, number, number] = [t0 + q * Q, register, offsets ? 2 ** 31 - 5000 + q : -1];
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
      // Offsets are kept wide (no caller passes them today); without, never out of the columns.
      expect(slab.widened()).toBe(offsets ? 1 : 0);
    }
  });
});
