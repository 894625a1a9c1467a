import { describe, expect, it } from 'vitest';
import { buildCity } from '../city/city.ts';
import { createRng } from '../rng.ts';
import { DAY, HOUR } from '../time.ts';
import { DayJitter } from './day-jitter.ts';

const city = buildCity({ seed: 3, households: 2000 });
const hh = city.households;
/** Shifts (quarters) of household i at 23:00 CST on each of `nights` nights from a fixed start. */
function eveningShifts(seed: number, nights: number): number[][] {
  const jitter = new DayJitter(hh, createRng(seed, 'stream:day-jitter'));
  const start = Date.UTC(2026, 8, 1, 15); // 23:00 CST
  const out: number[][] = Array.from({ length: hh.count }, () => []);
  for (let n = 0; n < nights; n++) {
    const t = start + n * DAY + HOUR;
    jitter.at(t);
    for (let i = 0; i < hh.count; i++) out[i]?.push(jitter.shift(i, t));
  }
  return out;
}

describe('simulator > days that move (issue 15)', () => {
  it('gives some households wide spreads (night owls, shift patterns) and most narrow ones', () => {
    const wide = hh.spread.filter((s) => s >= 6).length / hh.count;
    expect(wide).toBeGreaterThan(0.12);
    expect(wide).toBeLessThan(0.25);
    expect(hh.spread.filter((s) => s <= 3).length / hh.count).toBeGreaterThan(0.45);
  });

  it('moves bedtimes from night to night within three spreads, the same for the same seed', () => {
    const a = eveningShifts(9, 14);
    expect(eveningShifts(9, 14)).toEqual(a);
    let moved = 0;
    for (let i = 0; i < hh.count; i++) {
      const sd = hh.spread[i] as number;
      const shifts = a[i] as number[];
      for (const s of shifts) expect(Math.abs(s)).toBeLessThanOrEqual(3 * sd + 1);
      if (sd >= 8 && Math.max(...shifts) - Math.min(...shifts) >= 8) moved++;
    }
    // Households with a spread of 2 h or more move their bedtime by 2 h or more within two weeks.
    expect(moved).toBeGreaterThan(0.8 * hh.spread.filter((s) => s >= 8).length);
  });
});
