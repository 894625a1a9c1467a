/**
 * Synthetic households for the unit tests: a steady daily rhythm, and the ways it can break
 * (usage stops, a meter falls silent, a tap is left running). Deterministic: no randomness.
 */
import { type Alert, isoCst, type MeterReading } from '@onegrid/contracts';
import type { HouseholdInfo } from './alerts.ts';
import type { AdvanceResult, HourlyDetector } from './detector.ts';
import type { HouseholdUsageHour } from './hourly.ts';
import { HOUR, hourOfDay, MINUTE } from './time.ts';

/** 2026-09-01T00:00:00+08:00 */
export const T0 = Date.UTC(2026, 7, 31, 16);
export const QUARTER = 15 * MINUTE;

export interface Usage {
  water: number;
  elec: number;
}

/** Base load 0.02 kWh a quarter; activity and water by day, none at night; a little wobble. */
export function normalQuarter(t: number): Usage {
  const hod = hourOfDay(Math.floor((t - 1) / HOUR));
  const q = Math.floor(t / QUARTER);
  const wobble = 0.8 + 0.4 * (((q * 7919) % 97) / 97);
  const day = hod >= 7 && hod < 22;
  return {
    water: day && q % 2 === 0 ? 0.012 * wobble : 0,
    elec: 0.02 + (day ? 0.06 : 0.03) * wobble,
  };
}

/** Only the always-on load: nobody home, or nobody able to move. */
export const stoppedQuarter = (): Usage => ({ water: 0, elec: 0.02 });

export interface Synthetic {
  household: string;
  from: number;
  to: number;
  usage?: (t: number) => Usage;
  /** Periods `(from, to]` in which a meter sends nothing (its register keeps counting). */
  silent?: { kind: 'water' | 'electricity'; from: number; to: number }[];
}

export function syntheticReadings(s: Synthetic): MeterReading[] {
  const usage = s.usage ?? normalQuarter;
  const n = s.household.slice(3);
  let water = 100;
  let elec = 1000;
  const out: MeterReading[] = [];
  const silent = (kind: string, t: number) =>
    s.silent?.some((p) => p.kind === kind && t > p.from && t <= p.to);
  for (let t = s.from; t <= s.to; t += QUARTER) {
    const u = usage(t);
    water += u.water;
    elec += u.elec;
    const ts = isoCst(t);
    if (!silent('water', t)) {
      out.push({
        meter_id: `WM-${n}`,
        household_id: s.household,
        kind: 'water',
        ts,
        reading: round(water, 3),
        unit: 'm3',
      });
    }
    if (!silent('electricity', t)) {
      out.push({
        meter_id: `EM-${n}`,
        household_id: s.household,
        kind: 'electricity',
        ts,
        reading: round(elec, 2),
        unit: 'kWh',
      });
    }
  }
  return out;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export function householdInfo(id: string, overrides: Partial<HouseholdInfo> = {}): HouseholdInfo {
  return {
    household_id: id,
    district: '310101',
    grid: 'G-310101-0001',
    lives_alone: false,
    vulnerable: [],
    grid_worker: 'GW-0001',
    ...overrides,
  };
}

export interface Run {
  alerts: Alert[];
  hourly: HouseholdUsageHour[];
}

/** Feeds readings in time order, advancing every quarter hour with watermark = newest − 15 min. */
export function run(
  detector: HourlyDetector<unknown>,
  readings: readonly MeterReading[],
  into: Run = { alerts: [], hourly: [] },
): Run {
  const sorted = [...readings].sort((a, b) => a.ts.localeCompare(b.ts));
  const collect = (r: AdvanceResult) => {
    into.alerts.push(...r.alerts);
    into.hourly.push(...r.hourly);
  };
  let last = Number.NEGATIVE_INFINITY;
  for (const r of sorted) {
    // The watermark moves before the reading is taken, as the clock of a busy stream would.
    const t = Date.parse(r.ts);
    if (t > last) {
      collect(detector.advance(t - QUARTER));
      last = t;
    }
    detector.onReading(r);
  }
  collect(detector.advance(last + HOUR));
  return into;
}
