/**
 * Issue 15: the ratio rule confirmed by the household's own dry spells (`inactivityModel:
 * 'ratio_dry_spell'`). Cases stated from what people do, not from any held-out output: bedtimes
 * that move from night to night, a night incident, a fall mid-morning, a household often out
 * for a long day, a trip in the history, and a restart.
 */
import { describe, expect, it } from 'vitest';
import { parseUtilityConfig } from './config.ts';
import {
  afterWarmup,
  alone,
  HH,
  offsets,
  quiet,
  restartedTwoHoursIn,
  sleeper,
  stopped,
} from './daily-life.ts';
import { UtilityDetector } from './detectors.ts';
import { run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';
import { SLOT, UsageRing } from './usage-ring.ts';
import { learnDrySpells, wasAway } from './water-spells.ts';

const confirmed = () => new UtilityDetector({ inactivityModel: 'ratio_dry_spell' }, { household: alone });
const feed = (usage: (t: number) => Usage, to: number) =>
  run(confirmed(), syntheticReadings({ household: HH, from: T0, to, usage }));

// A fixed, irregular sequence of offsets in hours (−3..+3), so every day differs.
const OFFSETS = [0, 3, -1, 1, -3, 0, 2, 3, -2, -1, 0, 2, 1, -1, -3, 1, 0, 3, -1, -2, 1, 0];
const off = offsets(OFFSETS);

describe('usage > ratio rule confirmed by dry spells', () => {
  it('raises nothing for a night owl whose bedtime moves ±3 h', () => {
    // To bed about 01:00 (22:00–04:00), up 8 h later, give or take an hour.
    const bed = (d: number) => 25 + off(d, 0);
    const owl = sleeper(bed, (d) => bed(d) - 24 + 8 + off(d, 5) / 3);
    expect(afterWarmup(feed(owl, T0 + 21 * DAY).alerts)).toEqual([]);
  });

  it('finds an incident at night within 4 h of the household’s usual waking', () => {
    const bed = (d: number) => 23 + off(d, 3) / 3;
    const wake = (d: number) => 7 + off(d, 7) / 3;
    const stop = T0 + 15 * DAY - 1 * HOUR; // 23:00, asleep and never up again
    const usage = (t: number) => (t > stop ? stopped() : sleeper(bed, wake)(t));
    const found = afterWarmup(feed(usage, T0 + 16 * DAY).alerts);
    expect(found).toHaveLength(1);
    const usualWaking = T0 + 15 * DAY + 7 * HOUR;
    expect(Date.parse(found[0]?.detected_at ?? '')).toBeLessThanOrEqual(usualWaking + 4 * HOUR);
    expect(found[0]?.evidence.dry_spell_hours).toBeGreaterThan(
      Number(found[0]?.evidence.usual_longest_dry_spell_hours),
    );
  });

  it('finds a fall mid-morning within 4 h', () => {
    const night = sleeper(
      () => 23,
      () => 7,
    );
    const stop = T0 + 15 * DAY + 10 * HOUR;
    const found = afterWarmup(feed((t) => (t > stop ? stopped() : night(t)), T0 + 16 * DAY).alerts);
    expect(found).toHaveLength(1);
    expect(Date.parse(found[0]?.detected_at ?? '') - stop).toBeLessThanOrEqual(4 * HOUR);
  });

  it('does not alarm on a household’s usual 9-h day out, and alarms when it stays quiet', () => {
    const night = sleeper(
      () => 23,
      () => 7,
    );
    const outDay = (d: number) => d % 7 === 1 || d % 7 === 3 || d % 7 === 5 || d === 15;
    const usage = (t: number) => {
      const x = (t - 1 - T0) / HOUR;
      const d = Math.floor(x / 24);
      const hod = x - d * 24;
      return outDay(d) && hod >= 8.5 && hod < 17.5 ? quiet(t) : night(t);
    };
    expect(afterWarmup(feed(usage, T0 + 16 * DAY).alerts)).toEqual([]);
    const stop = T0 + 15 * DAY + 8.5 * HOUR; // out at 08:30 on day 15 and never back
    const [first] = afterWarmup(
      feed((t) => (t > stop ? stopped() : usage(t)), T0 + 16 * DAY + 12 * HOUR).alerts,
    );
    const delay = Date.parse(first?.detected_at ?? '') - stop;
    expect(delay).toBeGreaterThan(9 * HOUR);
    expect(delay).toBeLessThanOrEqual(13 * HOUR);
  });

  it('is not blinded by a trip in its history', () => {
    const night = sleeper(
      () => 23,
      () => 7,
    );
    const trip = T0 + 4 * DAY + 8 * HOUR;
    const stop = T0 + 15 * DAY + 10 * HOUR;
    const usage = (t: number) => ((t > trip && t <= trip + 3 * DAY) || t > stop ? stopped() : night(t));
    const late = afterWarmup(feed(usage, T0 + 16 * DAY).alerts);
    expect(late).toHaveLength(1);
    expect(Date.parse(late[0]?.detected_at ?? '') - stop).toBeLessThanOrEqual(4 * HOUR);
  });

  it('learns from stored history after a restart as from live readings: the same alert', () => {
    const bed = (d: number) => 23 + off(d, 3) / 3;
    const wake = (d: number) => 7 + off(d, 7) / 3;
    const stop = T0 + 15 * DAY - 1 * HOUR;
    const usage = (t: number) => (t > stop ? stopped() : sleeper(bed, wake)(t));
    // Restarted two hours into the incident, before the alert: stored rows, then the replay.
    const { live, resumed } = restartedTwoHoursIn(confirmed, usage, stop);
    expect(live[0]).toBeDefined();
    expect(resumed).toEqual([live[0]]);
  });
});

describe('usage > dry spells by start hour', () => {
  const config = parseUtilityConfig({});
  /** A ring of `days` days whose hours are dry in `dry(h)`, both meters fully reported. */
  const ringOf = (days: number, dry: (h: number) => boolean) => {
    const ring = new UsageRing(days * 24);
    const base = Math.floor(T0 / HOUR);
    for (let h = base; h < base + days * 24; h++) {
      const s = ring.ensure(h);
      ring.setHour(s, dry(h - base) ? 0 : 0.01, 0.05, 4, 4);
      ring.mark(s, SLOT.observed);
    }
    return { ring, base };
  };

  it('keeps, for each start hour, the longest spell that began within ±2 h, and no trip', () => {
    // Dry 23:00–07:00 every night (8 h), 22:00–08:00 once (10 h), and 40 h away once.
    const { ring, base } = ringOf(10, (h) => {
      const hod = h % 24;
      if (h >= 5 * 24 + 9 && h < 5 * 24 + 49) return true;
      if (h >= 2 * 24 + 22 && h < 3 * 24 + 8) return true;
      return hod >= 23 || hod < 7;
    });
    const model = learnDrySpells(ring, base, base + 10 * 24 - 1, config);
    expect(model.longest[23]).toBe(10); // the 22:00 night is a peer of 23:00
    expect(model.longest[0]).toBe(10);
    expect(model.longest[1]).toBe(8); // 22:00 is 3 h away from 01:00
    expect(model.longest[9]).toBe(0); // the 40-h trip from 09:00 is not learnt
    // The trip's hours are away (left out of the rhythm too), the nights are not.
    expect(wasAway(model, base + 5 * 24 + 9)).toBe(true);
    expect(wasAway(model, base + 5 * 24 + 48)).toBe(true);
    expect(wasAway(model, base + 5 * 24 + 54)).toBe(true); // it ran on into that night
    expect(wasAway(model, base + 5 * 24 + 56)).toBe(false);
    expect(wasAway(model, base + 2 * 24 + 23)).toBe(false);
  });
});
