import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { MeterClock } from './offline.ts';
import { householdInfo, QUARTER, syntheticReadings, T0 } from './testing.ts';
import { DAY, HOUR } from './time.ts';

const HH = 'HH-00000001';
const STALL = T0 + 14 * DAY + 10 * HOUR;
const END = T0 + 15 * DAY;
const offline = (alerts: Alert[]) => alerts.filter((a) => a.type === 'meter_offline');

/**
 * One household whose source partition stalls at STALL for six hours of event time while the
 * watermark, released by the partition's idleness, runs on; then its readings arrive. With
 * `ownClock`, the detector is told how far the partition got (its newest reading delivered);
 * `silent` also stops the water meter itself for eight hours from STALL.
 */
function stalledPartition(ownClock: boolean, silent = false, stall = true): Alert[] {
  const readings = syntheticReadings({
    household: HH,
    from: T0,
    to: END,
    ...(silent ? { silent: [{ kind: 'water' as const, from: STALL, to: STALL + 8 * HOUR }] } : {}),
  });
  let fed = Number.NEGATIVE_INFINITY;
  const meterClock: MeterClock = () => fed;
  const d = new UtilityDetector(
    {},
    { household: (id) => householdInfo(id), ...(ownClock ? { meterClock } : {}) },
  ) as HourlyDetector<unknown>;
  const alerts: Alert[] = [];
  const deliver = (from: number, to: number) => {
    for (const r of readings) {
      const t = Date.parse(r.ts);
      if (t > from && t <= to) d.onReading(r);
    }
    fed = to;
  };
  deliver(Number.NEGATIVE_INFINITY, stall ? STALL : END);
  for (let t = T0; t <= STALL + 6 * HOUR; t += QUARTER) alerts.push(...d.advance(t).alerts);
  deliver(STALL, END);
  for (let t = STALL + 6 * HOUR + QUARTER; t <= END; t += QUARTER) alerts.push(...d.advance(t).alerts);
  return alerts;
}

describe('meter_offline against the meter’s own feed', () => {
  it('takes a stalled partition’s meters for silent when judged by the watermark alone (the bug)', () => {
    expect(offline(stalledPartition(false)).map((a) => a.subject)).toContain('WM-00000001');
  });

  it('raises nothing for meters whose partition stalled while the watermark ran on', () => {
    expect(offline(stalledPartition(true))).toEqual([]);
  });

  it('still raises meter_offline for a meter silent while its own feed moves on', () => {
    const alerts = offline(stalledPartition(true, true));
    expect(alerts.map((a) => [a.subject, a.status])).toEqual([
      ['WM-00000001', 'open'],
      ['WM-00000001', 'resolved'],
    ]);
    expect(alerts[0]?.evidence.silent_minutes).toBeGreaterThanOrEqual(120);
  });

  it('stamps a held-up partition’s silent meter as an uninterrupted run does, by its own feed', () => {
    const held = offline(stalledPartition(true, true));
    const uninterrupted = offline(stalledPartition(true, true, false));
    expect(uninterrupted.map((a) => a.status)).toEqual(['open', 'resolved']);
    // Before: detected at the first step after the backlog arrived (the watermark's), 4 h 15 min late.
    expect(held.map((a) => [a.status, a.detected_at, a.evidence])).toEqual(
      uninterrupted.map((a) => [a.status, a.detected_at, a.evidence]),
    );
  });
});
