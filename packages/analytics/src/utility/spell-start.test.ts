/**
 * Issue 15: the spell-start rule (`inactivityModel: 'spell_start'`). Cases stated from what
 * people do, not from any held-out output: bedtimes that move from night to night, a night
 * incident, a household often out for a long day, and a trip in the history.
 */
import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { UtilityDetector } from './detectors.ts';
import { householdInfo, run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';

const HH = 'HH-00000001';
const alone = (id: string) => householdInfo(id, { lives_alone: true, vulnerable: ['elderly'] });
const inactivity = (alerts: Alert[]) =>
  alerts.filter((a) => a.type === 'utility_inactivity' && a.status === 'open');
const afterWarmup = (alerts: Alert[]) =>
  inactivity(alerts).filter((a) => Date.parse(a.detected_at) >= T0 + 14 * DAY);

const QUARTER = 15 * 60_000;
/** Awake: water every other quarter, lights and appliances on. */
const awake = (t: number): Usage => {
  const q = Math.floor(t / QUARTER);
  const wobble = 0.8 + 0.4 * (((q * 7919) % 97) / 97);
  return { water: q % 2 === 0 ? 0.012 * wobble : 0, elec: 0.08 * wobble };
};
/** Asleep or out: the always-on load only, with a fridge cycle. */
const quiet = (t: number): Usage => ({ water: 0, elec: Math.floor(t / QUARTER) % 4 === 0 ? 0.03 : 0.02 });
const stopped = (): Usage => ({ water: 0, elec: 0.02 });

/** T0 is 00:00 Shanghai. Asleep from `bed(d)` to `wake(d)` hours after midnight starting day d. */
const sleeper =
  (bed: (d: number) => number, wake: (d: number) => number) =>
  (t: number): Usage => {
    const x = (t - 1 - T0) / HOUR;
    for (const d of [Math.floor(x / 24) - 1, Math.floor(x / 24)]) {
      // Night d: from (d × 24 + bed) to (d × 24 + 24 + wake), bed counted from the evening's midnight.
      if (x >= d * 24 + 24 + bed(d) - 24 && x < d * 24 + 24 + wake(d)) return quiet(t);
    }
    return awake(t);
  };

const spellStart = () => new UtilityDetector({ inactivityModel: 'spell_start' }, { household: alone });
const feed = (usage: (t: number) => Usage, to: number) =>
  run(spellStart(), syntheticReadings({ household: HH, from: T0, to, usage }));

// A fixed, irregular sequence of offsets in hours (−2..+2), so every day differs.
const OFFSETS = [0, 2, -1, 1, -2, 0, 1, 2, -2, -1, 0, 2, 1, -1, -2, 1, 0, 2, -1, -2, 1, 0];
const off = (d: number, shift: number) =>
  OFFSETS[(((d + shift) % OFFSETS.length) + OFFSETS.length) % OFFSETS.length] as number;

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
    const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 16 * DAY, usage });
    const live = run(spellStart(), readings);
    // Restarted two hours into the incident, before the alert: stored rows, then the replay.
    const cut = new Date(stop + 2 * HOUR + 8 * HOUR).toISOString().slice(0, 13);
    const restarted = spellStart();
    restarted.seedHistory(
      HH,
      live.hourly.filter((r) => r.hour < cut),
    );
    const replayFrom = new Date(Date.parse(`${cut}:00:00Z`) - 8 * HOUR - 15 * 60_000).toISOString();
    const resumed = run(
      restarted,
      readings.filter((r) => Date.parse(r.ts) >= Date.parse(replayFrom)),
    );
    const [expected] = afterWarmup(live.alerts);
    expect(expected).toBeDefined();
    expect(afterWarmup(resumed.alerts)).toEqual([expected]);
  });
});
