/**
 * Issue 15 item 1: an open inactivity alert ends when the person is active again, not on a
 * cold appliance's noise. A person living alone whose flat, asleep or out, draws only a fridge
 * and freezer cycling (hourly 0.04–0.16 kWh, base load 0.04 kWh/h; adjacent hours of long runs,
 * as after a door left open or a defrost).
 */
import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { alone, awake, HH } from './daily-life.ts';
import { UtilityDetector } from './detectors.ts';
import { run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';

/** The fridge's kWh in each hour, a fixed irregular cycle of 11 h (so every night differs). */
const FRIDGE = [0.04, 0.06, 0.15, 0.16, 0.05, 0.04, 0.08, 0.12, 0.04, 0.05, 0.1];
const fridge = (t: number): Usage => ({
  water: 0,
  elec: (FRIDGE[Math.floor((t - 1) / HOUR) % FRIDGE.length] as number) / 4,
});
const hod = (t: number) => ((((t - 1 - T0) / HOUR) % 24) + 24) % 24;
/** Up 07:00–23:00 (water, lights, cooking on top of the fridge), asleep otherwise. */
const life = (t: number): Usage => {
  if (hod(t) < 7 || hod(t) >= 23) return fridge(t);
  const a = awake(t);
  return { water: a.water, elec: a.elec + fridge(t).elec };
};
const inactivity = (alerts: Alert[]) =>
  alerts.filter((a) => a.type === 'utility_inactivity' && Date.parse(a.detected_at) >= T0 + 14 * DAY);

function feed(usage: (t: number) => Usage, to: number) {
  const detector = new UtilityDetector({}, { household: alone });
  return inactivity(run(detector, syntheticReadings({ household: HH, from: T0, to, usage })).alerts);
}

describe('usage > an open inactivity alert ends on activity, not on a fridge', () => {
  it('a fall through two nights: one alert_id, opened once, resolved once when water returns', () => {
    const fall = T0 + 15 * DAY + 10 * HOUR;
    const back = T0 + 17 * DAY + 9 * HOUR; // someone comes in and runs the tap
    const usage = (t: number) => (t > fall && t <= back ? fridge(t) : life(t));
    const alerts = feed(usage, T0 + 17 * DAY + 14 * HOUR);
    expect(new Set(alerts.map((a) => a.alert_id)).size).toBe(1);
    expect(alerts.filter((a) => a.status === 'open')).toHaveLength(1);
    const resolved = alerts.filter((a) => a.status === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(Date.parse(String(resolved[0]?.evidence.ended_at))).toBeGreaterThanOrEqual(back - HOUR);
  });

  it('a household back home using electricity but no water is active again within two hours', () => {
    const away = T0 + 15 * DAY + 10 * HOUR;
    const home = T0 + 16 * DAY + 18 * HOUR; // lights, television, cooking; no tap for two hours
    const usage = (t: number) =>
      t > away && t <= home
        ? fridge(t)
        : t > home && t <= home + 2 * HOUR
          ? { ...life(t), water: 0 }
          : life(t);
    const alerts = feed(usage, T0 + 16 * DAY + 22 * HOUR);
    expect(alerts.filter((a) => a.status === 'open')).toHaveLength(1);
    const resolved = alerts.filter((a) => a.status === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(Date.parse(String(resolved[0]?.evidence.ended_at))).toBeLessThanOrEqual(home + 2 * HOUR);
  });
});
