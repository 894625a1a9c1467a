/**
 * Issue 15: a water-only judgement for flats whose electricity says little (`flatWater`). Cases
 * stated from what people do: a person alone whose flat draws its always-on load at nearly
 * every hour (a fridge, standby, one lamp in the evening), who draws water every few hours while
 * up; a fall that leaves on whatever was on, so only the water stops.
 */
import { describe, expect, it } from 'vitest';
import { parseUtilityConfig, type UtilityConfigInput } from './config.ts';
import { afterWarmup, alone, HH, offsets, restartedTwoHoursIn } from './daily-life.ts';
import { UtilityDetector } from './detectors.ts';
import { learnFlatWater, muteHours } from './flat-water.ts';
import { LEARN_LAG_HOURS } from './onegrid-rule.ts';
import { Rhythm } from './rhythm.ts';
import { run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';
import { ringHoursFor, UsageRing } from './usage-ring.ts';

const QUARTER = 15 * 60_000;
const detector =
  (flatWater: boolean, more: UtilityConfigInput = {}) =>
  () =>
    new UtilityDetector({ flatWater, ...more }, { household: alone });
const feed = (make: () => UtilityDetector, usage: (t: number) => Usage, to: number) =>
  run(make(), syntheticReadings({ household: HH, from: T0, to, usage }));

// Up at 06:00–08:00 and in bed 22:00–24:00 (a fixed, irregular sequence), so every day differs.
const off = offsets([0, 2, 1, -1, 0, 1, 2, -2, 0, 1, -1, 2, 0, -2, 1, 0, 2, -1, 1, 0, -2, 1]);
/** The flat's electricity: a fridge cycling on the always-on load, one lamp 19:00–21:00. */
const flatElec = (t: number): number => {
  const x = (t - 1 - T0) / HOUR;
  const hod = x - Math.floor(x / 24) * 24;
  const fridge = Math.floor(t / QUARTER) % 4 === 0 ? 0.03 : 0.02;
  return hod >= 19 && hod < 21 ? fridge + 0.01 : fridge;
};
/** Water about every two hours while up (a toilet, a kettle, a wash), none asleep. */
const muteDay = (t: number): Usage => {
  const x = (t - 1 - T0) / HOUR;
  const d = Math.floor(x / 24);
  const hod = x - d * 24;
  const up = 7 + off(d, 0) / 2;
  const bed = 23 + off(d, 5) / 2;
  const q = Math.floor(t / QUARTER);
  const draws = hod >= up && hod < bed && (q + d) % 8 === 0;
  return { water: draws ? 0.01 : 0, elec: flatElec(t) };
};

describe('usage > a water-only judgement for flats whose electricity says little', () => {
  it('reads such a flat as mute at nearly every hour, and a household with a rhythm as not', () => {
    const config = parseUtilityConfig();
    const mute = (medians: number[], base: number, lowest3: number) => {
      const lowest = new Float64Array(config.maxQuietHours + 1).fill(Number.NaN);
      lowest[3] = lowest3;
      const values = new Float64Array([...medians, ...lowest, base, 14, Number.NaN]);
      return muteHours(new Rhythm(values, 0, lowest.length), config);
    };
    const lamp = Array.from({ length: 24 }, (_, d) => (d >= 19 && d < 21 ? 0.1 : 0.08));
    expect(mute(lamp, 0.08, 0.6)).toBe(24);
    const rhythm = Array.from({ length: 24 }, (_, d) => (d >= 7 && d < 23 ? 0.35 : 0.09));
    expect(mute(rhythm, 0.08, 0.6)).toBe(8);
    // Its lowest ratios from days out are so low that a fall to the always-on load cannot pass.
    expect(mute(rhythm, 0.08, 0.2)).toBe(24);
  });

  it('raises nothing in three ordinary weeks', () => {
    expect(afterWarmup(feed(detector(true), muteDay, T0 + 21 * DAY).alerts)).toEqual([]);
  });

  it('finds a fall that leaves the lamp on by water alone, where the other ways find nothing in two days', () => {
    const stop = T0 + 15 * DAY + 10 * HOUR; // mid-morning, the fridge and the evening lamp carry on
    const usage = (t: number) => (t > stop ? { water: 0, elec: flatElec(t) } : muteDay(t));
    const to = T0 + 17 * DAY;
    expect(afterWarmup(feed(detector(false), usage, to).alerts)).toEqual([]);
    const plainForm = { flatWaterWeighted: false, flatWaterQuietOnly: false };
    const found = afterWarmup(feed(detector(true, plainForm), usage, to).alerts);
    expect(found).toHaveLength(1);
    const evidence = found[0]?.evidence ?? {};
    expect(evidence.path).toBe('flat_water');
    expect(Number(evidence.mute_hours)).toBeGreaterThanOrEqual(18);
    // Through its own peers’ most wet hours plus the margin.
    expect(Number(evidence.dry_wet_hours)).toBeGreaterThanOrEqual(Number(evidence.needed_dry_wet_hours));
    expect(Number(evidence.usual_most_dry_wet_hours)).toBeLessThan(4);
    const delay = Date.parse(found[0]?.detected_at ?? '') - stop;
    expect(delay).toBeLessThanOrEqual(9 * HOUR);
    // The default: weighted by the share of days each hour draws water, at the flat's quiet level.
    const same = afterWarmup(feed(detector(true), usage, to).alerts);
    expect(same.map((a) => a.evidence.path)).toEqual(['flat_water']);
    expect(Date.parse(same[0]?.detected_at ?? '') - stop).toBeLessThanOrEqual(14 * HOUR);
  });

  it('raises nothing for a very low user whose days without water are ordinary', () => {
    // Every third day, no water at all from waking to the next morning (out, or a meter's 10 L step).
    const lowUser = (t: number): Usage => {
      const d = Math.floor((t - 1 - T0) / DAY);
      return d % 3 === 1 ? { water: 0, elec: flatElec(t) } : muteDay(t);
    };
    expect(afterWarmup(feed(detector(true), lowUser, T0 + 21 * DAY).alerts)).toEqual([]);
  });

  it('not while the flat draws more than its own quiet hours (someone switching things on)', () => {
    // Day 15: a heater and the television on from 10:00 to 02:00, and not a drop of water till 10:00 the next day.
    const from = T0 + 15 * DAY + 10 * HOUR;
    const usage = (t: number): Usage => {
      if (t <= from || t > from + 24 * HOUR) return muteDay(t);
      return { water: 0, elec: t <= from + 16 * HOUR ? 0.3 : flatElec(t) };
    };
    const to = T0 + 17 * DAY;
    const plain = afterWarmup(feed(detector(true, { flatWaterQuietOnly: false }), usage, to).alerts);
    expect(plain.map((a) => a.evidence.path)).toEqual(['flat_water']);
    expect(afterWarmup(feed(detector(true), usage, to).alerts)).toEqual([]);
  });

  it('learns from stored history after a restart as from live readings: the same alert', () => {
    const stop = T0 + 15 * DAY - 7 * HOUR;
    const usage = (t: number) => (t > stop ? { water: 0, elec: flatElec(t) } : muteDay(t));
    const { live, resumed } = restartedTwoHoursIn(detector(true), usage, stop);
    expect(live[0]?.evidence.path).toBe('flat_water');
    expect(resumed).toEqual([live[0]]);
  });
});

describe('usage > flat water learns the same spells however far the ring has run', () => {
  it('gives one model for a ring at the day’s start and one 9 h ahead (review, session 14)', () => {
    // A 45-h weekend away across the learnt span's oldest hour: a spell reaching back past it read
    // hours held by one ring and not the other, and learnt another clock hour's peers.
    const config = parseUtilityConfig();
    const size = ringHoursFor(config.historyDays);
    const D = 20_600;
    const first = D * 24 + 15 + 8 + 1 - size + 1;
    const through = D * 24 - 8 - LEARN_LAG_HOURS;
    const lowest = new Float64Array(config.maxQuietHours + 1).fill(Number.NaN);
    const rhythm = new Rhythm(
      new Float64Array([...new Array(24).fill(0.02), ...lowest, 0.02, 14, 0.03]),
      0,
      lowest.length,
    );
    const learn = (latest: number) => {
      const ring = new UsageRing(size);
      for (let h = latest - size + 1; h <= latest; h++) {
        const s = ring.ensure(h);
        const away = h >= first - 30 && h <= first + 14;
        const night = (((h + 8) % 24) + 24) % 24 < 7;
        ring.setHour(s, away || night ? 0 : 0.01, 0.02, 4, 4);
      }
      return Array.from(learnFlatWater(ring, first, through, rhythm, config) ?? []);
    };
    const atStart = learn(D * 24 - 8);
    expect(atStart).toHaveLength(48);
    expect(learn(D * 24 + 1)).toEqual(atStart);
  });
});
