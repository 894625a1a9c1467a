/**
 * Issue 15: the spell-start rule (`inactivityModel: 'spell_start'`). Cases stated from what
 * people do, not from any held-out output: bedtimes that move from night to night, a night
 * incident, a household often out for a long day, and a trip in the history.
 */
import { describe, expect, it } from 'vitest';
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

const spellStart = () => new UtilityDetector({ inactivityModel: 'spell_start' }, { household: alone });
const feed = (usage: (t: number) => Usage, to: number) =>
  run(spellStart(), syntheticReadings({ household: HH, from: T0, to, usage }));

// A fixed, irregular sequence of offsets in hours (−2..+2), so every day differs.
const OFFSETS = [0, 2, -1, 1, -2, 0, 1, 2, -2, -1, 0, 2, 1, -1, -2, 1, 0, 2, -1, -2, 1, 0];
const off = offsets(OFFSETS);

describe('usage > spell-start inactivity rule', () => {
  it('raises nothing for a night owl whose bedtime and waking move ±2 h', () => {
    // To bed about 01:00 (23:00–03:00), up about 09:00 (07:00–11:00), the two moving apart.
    const owl = sleeper(
      (d) => 25 + off(d, 0),
      (d) => 9 + off(d, 5),
    );
    const { alerts } = feed(owl, T0 + 21 * DAY);
    expect(afterWarmup(alerts)).toEqual([]);
  });

  it('finds an incident at night within 4 h of the household’s usual waking', () => {
    const bed = (d: number) => 23 + off(d, 3) / 2;
    const wake = (d: number) => 7 + off(d, 7) / 2;
    const stop = T0 + 15 * DAY - 1 * HOUR; // 23:00, asleep and never up again
    const usage = (t: number) => (t > stop ? stopped() : sleeper(bed, wake)(t));
    const { alerts } = feed(usage, T0 + 16 * DAY);
    const found = afterWarmup(alerts);
    expect(found).toHaveLength(1);
    const usualWaking = T0 + 15 * DAY + 7 * HOUR;
    expect(Date.parse(found[0]?.detected_at ?? '')).toBeLessThanOrEqual(usualWaking + 4 * HOUR);
  });

  it('does not alarm at 8 h on a household often out for 9 h, and alarms when it stays quiet', () => {
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
    const { alerts } = feed(usage, T0 + 16 * DAY);
    expect(afterWarmup(alerts)).toEqual([]);
    // The same household, out at 08:30 on day 15 and never back.
    const stop = T0 + 15 * DAY + 8.5 * HOUR;
    const gone = feed((t) => (t > stop ? stopped() : usage(t)), T0 + 16 * DAY + 12 * HOUR);
    const [first] = afterWarmup(gone.alerts);
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
    const { alerts } = feed(usage, T0 + 16 * DAY);
    const late = afterWarmup(alerts);
    expect(late).toHaveLength(1);
    expect(Date.parse(late[0]?.detected_at ?? '') - stop).toBeLessThanOrEqual(4 * HOUR);
  });

  it('learns from stored history after a restart as from live readings: the same alert', () => {
    const bed = (d: number) => 23 + off(d, 3) / 2;
    const wake = (d: number) => 7 + off(d, 7) / 2;
    const stop = T0 + 15 * DAY - 1 * HOUR;
    const usage = (t: number) => (t > stop ? stopped() : sleeper(bed, wake)(t));
    // Restarted two hours into the incident, before the alert: stored rows, then the replay.
    const { live, resumed } = restartedTwoHoursIn(spellStart, usage, stop);
    expect(live[0]).toBeDefined();
    expect(resumed).toEqual([live[0]]);
  });
});
