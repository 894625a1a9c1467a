import { describe, expect, it } from 'vitest';
import { type HouseholdInfo, inInactivityScope } from './alerts.ts';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import {
  householdInfo,
  normalQuarter,
  run,
  stoppedQuarter,
  syntheticReadings,
  T0,
  type Usage,
} from './testing.ts';
import { DAY, HOUR } from './time.ts';

const HH = 'HH-00000001';
const STOP = T0 + 14 * DAY + 10 * HOUR;
const END = T0 + 16 * DAY;
const stopsThenResumes = (t: number): Usage =>
  t > STOP && t <= STOP + DAY ? stoppedQuarter() : normalQuarter(t);
const readings = syntheticReadings({ household: HH, from: T0, to: END, usage: stopsThenResumes });

function inactivity(lookup: (id: string) => HouseholdInfo | undefined) {
  const detector = new UtilityDetector({}, { household: lookup }) as HourlyDetector<unknown>;
  const result = run(detector, readings);
  return {
    alerts: result.alerts.filter((a) => a.type === 'utility_inactivity'),
    hourly: result.hourly,
    stats: detector.stats(),
  };
}

describe('usage > utility_inactivity scope', () => {
  it('is for people alone or vulnerable, and for records that do not say (not arrived, no field)', () => {
    expect(inInactivityScope(householdInfo(HH))).toBe(false);
    expect(inInactivityScope(householdInfo(HH, { vulnerable: undefined }))).toBe(false);
    expect(inInactivityScope(householdInfo(HH, { lives_alone: true }))).toBe(true);
    expect(inInactivityScope(householdInfo(HH, { vulnerable: ['disabled'] }))).toBe(true);
    expect(inInactivityScope(householdInfo(HH, { lives_alone: undefined }))).toBe(true);
    expect(inInactivityScope(undefined)).toBe(true);
  });

  it('raises nothing for a couple or a family whose usage stops, yet still stores its hours', () => {
    const { alerts, hourly, stats } = inactivity((id) => householdInfo(id));
    expect(alerts).toEqual([]);
    expect(hourly.some((r) => Date.parse(r.hour) > STOP && r.electricity_kwh > 0)).toBe(true);
    // The rule did fire: the household was judged and left out by scope, not missed.
    expect(stats.outOfScopeHours).toBeGreaterThan(0);
  });

  it('raises a warning for someone alone without a tag, and for a vulnerable resident not alone', () => {
    for (const overrides of [{ lives_alone: true }, { vulnerable: ['chronic_illness'] }]) {
      const { alerts, stats } = inactivity((id) => householdInfo(id, overrides));
      expect(alerts.map((a) => [a.status, a.severity])).toEqual([
        ['open', 'warning'],
        ['resolved', 'warning'],
      ]);
      expect(stats.outOfScopeHours).toBe(0);
    }
  });

  it('reads the registry when it raises: a record updated after the first reading counts', () => {
    // First known as a couple; the record later says the person now lives alone and is elderly.
    let info = householdInfo(HH);
    const lookup = (id: string) => (id === HH ? info : undefined);
    const detector = new UtilityDetector({}, { household: lookup }) as HourlyDetector<unknown>;
    const before = readings.filter((r) => Date.parse(r.ts) <= STOP - DAY);
    const after = readings.filter((r) => Date.parse(r.ts) > STOP - DAY);
    const first = run(detector, before);
    info = householdInfo(HH, { lives_alone: true, vulnerable: ['elderly'] });
    const second = run(detector, after);
    const alerts = [...first.alerts, ...second.alerts].filter((a) => a.type === 'utility_inactivity');
    expect(alerts[0]?.severity).toBe('critical');
    expect(alerts.map((a) => a.status)).toEqual(['open', 'resolved']);
  });
});
