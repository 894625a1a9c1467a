import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { HourlyDetector } from './detector.ts';
import { FixedThresholdRule, TwoDayRule } from './detectors.ts';
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
// Someone alone: in the inactivity scope (a couple's or a family's silence raises nothing).
const deps = { household: (id: string) => householdInfo(id, { lives_alone: true }) };
const STOP = T0 + 8 * DAY + 10 * HOUR;
const inactivity = (alerts: Alert[]) => alerts.filter((a) => a.type === 'utility_inactivity');

describe('usage > baselines', () => {
  it('two-day rule: raises once both of the last two days fall under 10% of the three-day average', () => {
    const usage = (t: number): Usage =>
      t > STOP && t <= STOP + 3 * DAY ? stoppedQuarter() : normalQuarter(t);
    const result = run(
      new TwoDayRule({}, deps) as HourlyDetector<unknown>,
      syntheticReadings({ household: HH, from: T0, to: STOP + 4 * DAY, usage }),
    );
    const [open, resolved] = inactivity(result.alerts);
    const at = Date.parse(open?.detected_at ?? '');
    // The last water before the stop was in the morning; two full dry days end 48 h after it at the latest.
    expect(at).toBeGreaterThan(STOP + 40 * HOUR);
    expect(at).toBeLessThanOrEqual(STOP + 49 * HOUR);
    expect(resolved?.status).toBe('resolved');
    expect(open?.evidence.rule).toBe('two_day');
  });

  it('two-day rule: stays quiet through one dry day', () => {
    const usage = (t: number): Usage => (t > STOP && t <= STOP + DAY ? stoppedQuarter() : normalQuarter(t));
    const result = run(
      new TwoDayRule({}, deps) as HourlyDetector<unknown>,
      syntheticReadings({ household: HH, from: T0, to: STOP + 3 * DAY, usage }),
    );
    expect(inactivity(result.alerts)).toEqual([]);
  });

  it('fixed threshold: raises when 12 hours use under 0.01 m3, and only then', () => {
    const usage = (t: number): Usage =>
      t > STOP && t <= STOP + 14 * HOUR ? stoppedQuarter() : normalQuarter(t);
    const result = run(
      new FixedThresholdRule({}, deps) as HourlyDetector<unknown>,
      syntheticReadings({ household: HH, from: T0, to: STOP + DAY, usage }),
    );
    const alerts = inactivity(result.alerts);
    expect(alerts.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(Date.parse(alerts[0]?.detected_at ?? '') - STOP).toBeGreaterThanOrEqual(12 * HOUR);
    expect(alerts[0]?.evidence.water_m3).toBeLessThan(0.01);
  });

  it('fixed threshold: a normal night (9 dry hours) is not an alarm', () => {
    const result = run(
      new FixedThresholdRule({}, deps) as HourlyDetector<unknown>,
      syntheticReadings({ household: HH, from: T0, to: T0 + 4 * DAY }),
    );
    expect(result.alerts).toEqual([]);
  });
});
