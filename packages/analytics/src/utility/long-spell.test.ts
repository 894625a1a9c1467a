/**
 * Issue 15: the ratio rule, or a dry spell far longer than the household's own
 * (`inactivityModel: 'ratio_long_spell'`, the default). Cases stated from what people do: a
 * person out from 07:00 until some time between 20:00 and 23:00 six days a week (a long day
 * out), whose ordinary weeks raise nothing and whose incident the kept ratio rule never sees,
 * and a restart in the middle of such an incident.
 */
import { describe, expect, it } from 'vitest';
import { afterWarmup, alone, awake, HH, offsets, quiet, restartedTwoHoursIn, stopped } from './daily-life.ts';
import { UtilityDetector } from './detectors.ts';
import { run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';

const detector = (inactivityModel?: 'ratio' | 'ratio_long_spell', pastOwnSpell?: boolean) => () =>
  new UtilityDetector(
    {
      ...(inactivityModel ? { inactivityModel } : {}),
      ...(pastOwnSpell === undefined ? {} : { pastOwnSpell }),
    },
    { household: alone },
  );
const feed = (make: () => UtilityDetector, usage: (t: number) => Usage, to: number) =>
  run(make(), syntheticReadings({ household: HH, from: T0, to, usage }));

// Home again between 20:00 and 23:00 (a fixed, irregular sequence), so every day differs.
const off = offsets([0, 3, -1, 1, -3, 0, 2, 3, -2, -1, 0, 2, 1, -1, -3, 1, 0, 3, -1, -2, 1, 0]);
/** Up at 06:00, out 07:00 until 20:00–23:00, in bed at 23:30; at home from 09:00 on Sundays (d % 7 = 6). */
const longDayOut = (t: number): Usage => {
  const x = (t - 1 - T0) / HOUR;
  const d = Math.floor(x / 24);
  const hod = x - d * 24;
  if (hod < 6 || hod >= 23.5) return quiet(t);
  if (d % 7 === 6) return hod >= 9 || hod < 7 ? awake(t) : quiet(t);
  // Day 9: home at 23:30 and straight to bed, dry for 23.5 h: the kept rule's "lowest ratio".
  const back = d === 9 ? 23.5 : 21.5 + off(d, 0) / 2;
  return hod < 7 || hod >= back ? awake(t) : quiet(t);
};

describe('usage > ratio rule, or a dry spell far longer than the household’s own', () => {
  it('raises nothing in three ordinary weeks of long days out', () => {
    expect(afterWarmup(feed(detector(), longDayOut, T0 + 21 * DAY).alerts)).toEqual([]);
  });

  it('finds an incident the evening it comes home, which the ratio rule alone misses', () => {
    const stop = T0 + 15 * DAY + 23 * HOUR; // home, then never up again
    const usage = (t: number) => (t > stop ? stopped() : longDayOut(t));
    const to = T0 + 17 * DAY;
    expect(afterWarmup(feed(detector('ratio'), usage, to).alerts)).toEqual([]);
    const found = afterWarmup(feed(detector(undefined, false), usage, to).alerts);
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence.path).toBe('long_dry_spell');
    // At least twice its longest night + 4 h, and found before its second evening is out.
    expect(Number(found[0]?.evidence.dry_spell_hours)).toBeGreaterThanOrEqual(
      2 * Number(found[0]?.evidence.usual_longest_dry_spell_hours) + 4,
    );
    expect(Date.parse(found[0]?.detected_at ?? '') - stop).toBeLessThanOrEqual(26 * HOUR);
    // By default (`pastOwnSpell`) no later: past its longest night + 2 h, two lit hours dark.
    const past = afterWarmup(feed(detector(), usage, to).alerts);
    expect(past).toHaveLength(1);
    expect(past[0]?.evidence.path).toBe('past_own_dry_spell');
    expect(Date.parse(past[0]?.detected_at ?? '')).toBeLessThanOrEqual(
      Date.parse(found[0]?.detected_at ?? ''),
    );
  });

  it('keeps the ratio rule’s findings: a fall mid-morning on a day at home is found within 4 h', () => {
    const stop = T0 + 15 * DAY + 10 * HOUR;
    const home = (t: number) => {
      const x = (t - 1 - T0) / HOUR;
      const hod = x - Math.floor(x / 24) * 24;
      return hod >= 7 && hod < 23 ? awake(t) : quiet(t);
    };
    const found = afterWarmup(
      feed(detector(), (t) => (t > stop ? stopped() : home(t)), T0 + 16 * DAY).alerts,
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence.path).toBe('ratio');
    expect(Date.parse(found[0]?.detected_at ?? '') - stop).toBeLessThanOrEqual(4 * HOUR);
  });

  it('learns from stored history after a restart as from live readings: the same alert', () => {
    const stop = T0 + 15 * DAY - 1 * HOUR;
    const usage = (t: number) => (t > stop ? stopped() : longDayOut(t));
    const { live, resumed } = restartedTwoHoursIn(detector(), usage, stop);
    expect(live[0]).toBeDefined();
    expect(resumed).toEqual([live[0]]);
  });
});

describe('usage > quiet windows of 3 h or more', () => {
  /** At home and up 07:00–23:00 every day; on day 15 out from 17:00 to 19:30, an unusual hour for it. */
  const walk = (t: number): Usage => {
    const x = (t - 1 - T0) / HOUR;
    const d = Math.floor(x / 24);
    const hod = x - d * 24;
    if (d === 15 && hod >= 17 && hod < 19.5) return quiet(t);
    return hod >= 7 && hod < 23 ? awake(t) : quiet(t);
  };

  it('raises nothing for a walk of 2.5 h at an hour the household is usually in', () => {
    // The 2-h window 17:00–19:00 is below every 2-h window it has shown; 3 h are not.
    const to = T0 + 16 * DAY + 12 * HOUR;
    const make = (minQuietHours: number) => () =>
      new UtilityDetector({ minQuietHours }, { household: alone });
    expect(afterWarmup(feed(make(2), walk, to).alerts)).toHaveLength(1);
    expect(afterWarmup(feed(make(3), walk, to).alerts)).toEqual([]);
    expect(afterWarmup(feed(detector(), walk, to).alerts)).toEqual([]);
  });
});
