import type { Alert } from '@onegrid/contracts';
import type { UtilityDetector } from './detectors.ts';
import { householdInfo, run, syntheticReadings, T0, type Usage } from './testing.ts';
import { DAY, HOUR } from './time.ts';

/*
 * One person's days for the inactivity rules' unit cases (spell-start, dry-spell): awake,
 * asleep or out, stopped; bedtimes that move by a fixed irregular sequence; and the restart
 * case every rule must pass. Test support: imported by specs only.
 */

export const HH = 'HH-00000001';
export const alone = (id: string) => householdInfo(id, { lives_alone: true, vulnerable: ['elderly'] });

/** The inactivity alerts opened after the 14 days of warm-up. */
export const afterWarmup = (alerts: Alert[]) =>
  alerts.filter(
    (a) =>
      a.type === 'utility_inactivity' && a.status === 'open' && Date.parse(a.detected_at) >= T0 + 14 * DAY,
  );

const QUARTER = 15 * 60_000;
/** Awake: water every other quarter, lights and appliances on. */
export const awake = (t: number): Usage => {
  const q = Math.floor(t / QUARTER);
  const wobble = 0.8 + 0.4 * (((q * 7919) % 97) / 97);
  return { water: q % 2 === 0 ? 0.012 * wobble : 0, elec: 0.08 * wobble };
};
/** Asleep or out: the always-on load only, with a fridge cycle. */
export const quiet = (t: number): Usage => ({
  water: 0,
  elec: Math.floor(t / QUARTER) % 4 === 0 ? 0.03 : 0.02,
});
export const stopped = (): Usage => ({ water: 0, elec: 0.02 });

/** T0 is 00:00 Shanghai. Asleep from `bed(d)` (hours after day d's midnight) to `wake(d)` the next day. */
export const sleeper =
  (bed: (d: number) => number, wake: (d: number) => number) =>
  (t: number): Usage => {
    const x = (t - 1 - T0) / HOUR;
    for (const d of [Math.floor(x / 24) - 1, Math.floor(x / 24)]) {
      if (x >= d * 24 + bed(d) && x < d * 24 + 24 + wake(d)) return quiet(t);
    }
    return awake(t);
  };

/** `off(d, shift)`: day d's offset in hours from a fixed, irregular table, so every day differs. */
export const offsets =
  (table: readonly number[]) =>
  (d: number, shift: number): number =>
    table[(((d + shift) % table.length) + table.length) % table.length] as number;

/**
 * The inactivity alert of a detector restarted two hours into an incident that began at `stop`
 * (stored rows, then the replay), beside the uninterrupted run's: they must be equal.
 */
export function restartedTwoHoursIn(
  make: () => UtilityDetector,
  usage: (t: number) => Usage,
  stop: number,
): { live: Alert[]; resumed: Alert[] } {
  const readings = syntheticReadings({ household: HH, from: T0, to: T0 + 16 * DAY, usage });
  const live = run(make(), readings);
  const cut = new Date(stop + 2 * HOUR + 8 * HOUR).toISOString().slice(0, 13);
  const restarted = make();
  restarted.seedHistory(
    HH,
    live.hourly.filter((r) => r.hour < cut),
  );
  const replayFrom = new Date(Date.parse(`${cut}:00:00Z`) - 8 * HOUR - 15 * 60_000).toISOString();
  const resumed = run(
    restarted,
    readings.filter((r) => Date.parse(r.ts) >= Date.parse(replayFrom)),
  );
  return { live: afterWarmup(live.alerts), resumed: afterWarmup(resumed.alerts) };
}
