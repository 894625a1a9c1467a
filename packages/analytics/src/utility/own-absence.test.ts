/**
 * Issue 15: the ratio rule's finding stands only past the household's own absences that began at
 * about the same clock hour (`ratioBeyondOwnAbsence`). Cases stated from what people do: a person
 * out most afternoons for 3–5 h (a night owl's errand, a retired person's walk and shopping), who
 * one day goes an hour later and comes back in the evening, when the flat is usually lit: the
 * kept rule calls that an incident; it is an ordinary absence for this household.
 */
import { describe, expect, it } from 'vitest';
import { utilityConfigSchema } from './config.ts';
import { afterWarmup, alone, awake, HH, offsets, quiet, restartedTwoHoursIn, stopped } from './daily-life.ts';
import { UtilityDetector } from './detectors.ts';
import { beyondOwnAbsence } from './own-absence.ts';
import type { Rhythm } from './rhythm.ts';
import { run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';
import { SLOT, UsageRing } from './usage-ring.ts';

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

describe('usage > own absences: a silence through the night (`ownAbsenceSkipNights`)', () => {
  const D0 = 20_000; // a day index (Shanghai days since the epoch)
  const hourOf = (d: number, hod: number) => (D0 + d) * 24 - 8 + hod;
  const NIGHT = 3; // its lowest median: 03:00
  const rhythm = {
    median: (d: number) => (d === NIGHT ? 0.08 : 0.09 + (d >= 7 && d < 23 ? 0.3 : 0)),
  } as Rhythm;
  /** 16 days: asleep 23:00–07:00 (to 11:00 on three late mornings), up with water and lights otherwise. */
  function household(today: (hod: number) => [number, number] | undefined): UsageRing {
    const ring = new UsageRing(16 * 24);
    for (let d = 0; d < 16; d++) {
      const wake = d % 5 === 2 ? 11 : 7;
      for (let hod = 0; hod < 24; hod++) {
        const asleep = hod >= 23 || hod < wake;
        const [water, elec] = (d === 15 ? today(hod) : undefined) ?? (asleep ? [0, 0.09] : [0.01, 0.4]);
        const s = ring.seed(hourOf(d, hod), water, elec, 4, 4);
        ring.mark(s, SLOT.observed);
      }
    }
    return ring;
  }
  const config = utilityConfigSchema.parse({ ratioBeyondOwnAbsence: true });
  const judge = (ring: UsageRing, hour: number, skip: boolean) =>
    beyondOwnAbsence(
      ring,
      hour,
      hourOf(0, 0),
      hourOf(14, 0) - 1,
      { since: 0, evidence: { quiet_hours: 3 } },
      { ...config, ownAbsenceSkipNights: skip },
      rhythm,
    );

  it('lets the ratio rule’s finding stand for a fall in the night, where its late mornings held it back', () => {
    // Day 14 to bed at 23:00, never up: at 09:00 on day 15 the silence is 10 h, its late mornings 12 h.
    const ring = household((hod) => (hod < 12 ? [0, 0.08] : undefined));
    for (let hod = 23; hod < 24; hod++) ring.setHour(ring.at(hourOf(14, hod)), 0, 0.08, 4, 4);
    const nine = hourOf(15, 9) - 1; // the hour 08:00–09:00 just closed
    expect(judge(ring, nine, false)).toBeUndefined();
    expect(judge(ring, nine, true)?.evidence.usual_longest_absence_hours).toBe(0);
  });

  it('reads its own absences from its past false alarms’ hours too (`ownAbsenceFromAlerts`)', () => {
    // Its afternoons out 14:00–18:00 on days 1, 4, 7, 10, 13, each alerted (kept out of learning).
    const ring = household((hod) => (hod >= 14 && hod < 17 ? [0, 0.09] : undefined));
    for (const d of [1, 4, 7, 10, 13])
      for (let hod = 14; hod < 18; hod++) {
        const s = ring.at(hourOf(d, hod));
        ring.setHour(s, 0, 0.09, 4, 4);
        ring.mark(s, SLOT.excluded);
      }
    const five = hourOf(15, 17) - 1;
    const at = (fromAlerts: boolean) =>
      beyondOwnAbsence(
        ring,
        five,
        hourOf(0, 0),
        hourOf(14, 0) - 1,
        { since: 0, evidence: { quiet_hours: 3 } },
        { ...config, ownAbsenceSkipNights: true, ownAbsenceFromAlerts: fromAlerts },
        rhythm,
      );
    expect(at(false)?.evidence.usual_longest_absence_hours).toBe(0); // alerted again, each time
    expect(at(true)).toBeUndefined();
  });

  it('takes as peers only absences at the level the flat is at now (`ownAbsenceSameLevel`)', () => {
    // Out 09:00–17:00 on days 1, 4, 7, 10, 13 with 0.3 kWh an hour left on; on day 15 at 09:00 no
    // more water, the flat lit for that hour and then at its always-on load.
    const ring = household((hod) => (hod === 9 ? [0, 0.4] : hod > 9 && hod < 12 ? [0, 0.09] : undefined));
    for (const d of [1, 4, 7, 10, 13])
      for (let hod = 9; hod < 17; hod++) ring.setHour(ring.at(hourOf(d, hod)), 0, 0.3, 4, 4);
    const noon = hourOf(15, 12) - 1;
    const at = (sameLevel: boolean) =>
      beyondOwnAbsence(
        ring,
        noon,
        hourOf(0, 0),
        hourOf(14, 0) - 1,
        { since: 0, evidence: { quiet_hours: 3 } },
        { ...config, ownAbsenceSkipNights: true, ownAbsenceSameLevel: sameLevel },
        rhythm,
      );
    expect(at(false)).toBeUndefined(); // its days out, lit, held it back
    expect(at(true)?.evidence.usual_longest_absence_hours).toBe(0);
  });

  it('still holds back an afternoon out like its own, nights skipped', () => {
    // Its afternoons out: 14:00–18:00 on days 1, 4, 7, 10, 13; on day 15 14:00–17:00 so far.
    const ring = household((hod) => (hod >= 14 && hod < 17 ? [0, 0.09] : undefined));
    for (const d of [1, 4, 7, 10, 13])
      for (let hod = 14; hod < 18; hod++) ring.setHour(ring.at(hourOf(d, hod)), 0, 0.09, 4, 4);
    const five = hourOf(15, 17) - 1;
    expect(judge(ring, five, true)).toBeUndefined();
    expect(judge(ring, five, false)).toBeUndefined();
    const sameLevel = { ...config, ownAbsenceSkipNights: true, ownAbsenceSameLevel: true };
    const found = { since: 0, evidence: { quiet_hours: 3 } };
    expect(
      beyondOwnAbsence(ring, five, hourOf(0, 0), hourOf(14, 0) - 1, found, sameLevel, rhythm),
    ).toBeUndefined();
  });
});
