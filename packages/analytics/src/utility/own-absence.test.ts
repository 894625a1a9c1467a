/**
 * Issue 15: the ratio rule's finding stands only past the household's own absences that began at
 * about the same clock hour (`ratioBeyondOwnAbsence`). Cases stated from what people do: a person
 * out most afternoons for 3–5 h (a night owl's errand, a retired person's walk and shopping), who
 * one day goes an hour later and comes back in the evening, when the flat is usually lit: the
 * kept rule calls that an incident; it is an ordinary absence for this household.
 */
import { describe, expect, it } from 'vitest';
import { afterWarmup, alone, awake, HH, offsets, quiet, restartedTwoHoursIn, stopped } from './daily-life.ts';
import { UtilityDetector } from './detectors.ts';
import { run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';

const detector = (ratioBeyondOwnAbsence: boolean) => () =>
  new UtilityDetector({ ratioBeyondOwnAbsence }, { household: alone });
const feed = (make: () => UtilityDetector, usage: (t: number) => Usage, to: number) =>
  run(make(), syntheticReadings({ household: HH, from: T0, to, usage }));

/** Evenings at home: lights and the television on top of the day's use. */
const evening = (t: number): Usage => {
  const u = awake(t);
  return { water: u.water, elec: u.elec + 0.12 };
};
// The errand's length in hours, a fixed irregular sequence; no errand on every third day.
const length = offsets([3, 4, 0, 5, 3, 0, 4, 5, 0, 3, 4, 0, 5, 4, 0, 3, 4, 0, 3, 5, 0, 4]);
/** Up at 07:00, out from 14:00 for 3–5 h two days in three, evenings lit 18:00–23:00, in bed at 23:00. */
const errands =
  (today: { from: number; to: number }) =>
  (t: number): Usage => {
    const x = (t - 1 - T0) / HOUR;
    const d = Math.floor(x / 24);
    const hod = x - d * 24;
    if (hod < 7 || hod >= 23) return quiet(t);
    const [from, to] = d === 15 ? [today.from, today.to] : [14, 14 + length(d, 0)];
    if (hod >= from && hod < to) return quiet(t);
    return hod >= 18 ? evening(t) : awake(t);
  };

describe('usage > the ratio rule past the household’s own absences', () => {
  // Day 15: out at 16:00, back at 21:00: 5 h, as long as its longest, two hours later.
  const later = errands({ from: 16, to: 21 });
  const to = T0 + 16 * DAY + 12 * HOUR;

  it('raises nothing for an errand like its own that runs into the lit evening', () => {
    const kept = afterWarmup(feed(detector(false), later, to).alerts);
    expect(kept).toHaveLength(1); // the kept rule calls it an incident
    expect(kept[0]?.evidence.path).toBe('ratio');
    expect(afterWarmup(feed(detector(true), later, to).alerts)).toEqual([]);
  });

  it('finds a fall at the errand hour once the silence outlasts the household’s longest errand', () => {
    const stop = T0 + 15 * DAY + 16 * HOUR;
    const usage = (t: number) => (t > stop ? stopped() : errands({ from: 16, to: 24 })(t));
    const found = afterWarmup(feed(detector(true), usage, to).alerts);
    expect(found).toHaveLength(1);
    const ev = found[0]?.evidence ?? {};
    expect(ev.path).toBe('ratio');
    expect(Number(ev.usual_longest_absence_hours)).toBe(5);
    expect(Number(ev.absence_hours)).toBeGreaterThan(5);
    expect(Date.parse(found[0]?.detected_at ?? '') - stop).toBeLessThanOrEqual(7 * HOUR);
  });

  it('finds a fall at an hour it is never out as soon as the kept rule does', () => {
    const stop = T0 + 15 * DAY + 19 * HOUR; // in the lit evening, after a short errand
    const usage = (t: number) => (t > stop ? stopped() : errands({ from: 14, to: 17 })(t));
    const kept = afterWarmup(feed(detector(false), usage, to).alerts);
    const found = afterWarmup(feed(detector(true), usage, to).alerts);
    expect(found).toHaveLength(1);
    expect(found[0]?.detected_at).toBe(kept[0]?.detected_at);
    expect(found[0]?.since).toBe(kept[0]?.since);
    expect(found[0]?.evidence.path).toBe('ratio');
    expect(found[0]?.evidence.usual_longest_absence_hours).toBe(0);
  });

  it('judges alike after a restart: the same alert', () => {
    const stop = T0 + 14 * DAY + 19 * HOUR; // the ratio rule's way, weighed against its errands
    const usage = (t: number) => (t > stop ? stopped() : errands({ from: 14, to: 17 })(t));
    const { live, resumed } = restartedTwoHoursIn(detector(true), usage, stop);
    expect(live[0]).toBeDefined();
    expect(live[0]?.evidence.path).toBe('ratio');
    expect(resumed).toEqual([live[0]]);
  });
});
