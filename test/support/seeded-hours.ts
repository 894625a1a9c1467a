import { decodeHouseholdSnapshot } from '@onegrid/analytics/utility';
import type { UtilityRestartState } from '@onegrid/processors';

const HOUR = 3_600_000;

/**
 * The hours a restarted utility detector seeds a household with, from `restart`: its snapshot's
 * (from the learning window's start) overlaid by the rows stored after it, or its rows alone;
 * and the marks. Values as numbers the ring then takes (float32 of the stored value).
 */
export function seededHours(restart: UtilityRestartState, household: string): unknown[] {
  const hours = new Map<number, unknown>();
  const snapshot = restart.snapshots.get(household);
  let marks = { water: Number.NEGATIVE_INFINITY, electricity: Number.NEGATIVE_INFINITY };
  if (snapshot !== undefined) {
    const decoded = decodeHouseholdSnapshot(snapshot);
    marks = decoded.taken;
    for (const x of decoded.hours)
      if (x.hour >= restart.fromHour)
        hours.set(x.hour, [
          Math.fround(x.water),
          Math.fround(x.electricity),
          x.waterReadings,
          x.electricityReadings,
          x.inAlert,
        ]);
  }
  for (const r of restart.history.get(household) ?? []) {
    const at = typeof r.hour === 'number' ? r.hour : Date.parse(r.hour);
    hours.set(at / HOUR, [
      Math.fround(r.water_m3),
      Math.fround(r.electricity_kwh),
      r.water_readings,
      r.electricity_readings,
      r.in_alert === 1,
    ]);
  }
  const taken = restart.taken.get(household);
  const higher = (a: number, b: number | undefined) => (b === undefined ? a : Math.max(a, b));
  return [
    ...[...hours].sort(([a], [b]) => a - b),
    ['marks', higher(marks.water, taken?.water), higher(marks.electricity, taken?.electricity)],
  ];
}
