/**
 * The planted truth of the meter streams, decided before the first reading: who stops using
 * water and power (an incident), who is away, whose tap runs, which meters fail, are replaced,
 * buffer their readings, run a skewed clock, or lose power with their grid. The meter generator
 * obeys the plan; the truth file records it, so detectors can be scored against it.
 */
import type { City } from '../city/city.ts';
import { ELDERLY_ALONE } from '../city/households.ts';
import type { Rng } from '../rng.ts';
import { HOUR, MINUTE } from '../time.ts';

export type HouseholdCondition = 'incident' | 'travel' | 'low_usage' | 'water_running';
export type MeterCondition = 'silent' | 'late_batch' | 'replacement' | 'clock_skew' | 'power_cut';

export interface HouseholdPlan {
  kind: HouseholdCondition;
  household: number;
  from: number;
  /** Exclusive end; Infinity when it lasts past the scenario. */
  to: number;
  /** low_usage: share of normal use; water_running: extra flow in m3/h. */
  amount: number;
}

export interface MeterPlan {
  kind: MeterCondition;
  /** 2 × household for its water meter, 2 × household + 1 for its electricity meter. */
  meter: number;
  from: number;
  to: number;
  /** clock_skew: added to the device's timestamps. */
  skewMs: number;
  /** power_cut: the grid that lost power. */
  grid?: number;
}

/** How many of each condition per 10,000 households (at least one each when the rate is > 0). */
export interface PlantRates {
  incident: number;
  travel: number;
  lowUsage: number;
  waterRunning: number;
  meterSilent: number;
  lateBatch: number;
  replacement: number;
  clockSkew: number;
  powerCutGrids: number;
}

export interface Plan {
  households: Map<number, HouseholdPlan>;
  meters: Map<number, MeterPlan[]>;
}

export interface PlanWindow {
  start: number;
  end: number;
  landfall: number;
}

export function plantTruth(city: City, rates: PlantRates, window: PlanWindow, rng: Rng): Plan {
  const n = city.households.count;
  const households = new Map<number, HouseholdPlan>();
  const meters = new Map<number, MeterPlan[]>();
  const howMany = (rate: number) => (rate <= 0 ? 0 : Math.max(1, Math.round((rate * n) / 10_000)));
  const { start, end, landfall } = window;
  const span = end - start;
  const freeHousehold = (preferElderly: boolean): number => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const h = rng.int(n);
      if (households.has(h) || meters.has(2 * h) || meters.has(2 * h + 1)) continue;
      if (preferElderly && attempt < 200 && city.households.type[h] !== ELDERLY_ALONE) continue;
      return h;
    }
    throw new RangeError('city too small for the planted conditions');
  };
  const addMeter = (plan: MeterPlan) => {
    const list = meters.get(plan.meter) ?? [];
    list.push(plan);
    meters.set(plan.meter, list);
  };
  const within = (lo: number, hi: number) => Math.floor(rng.range(lo, hi) / MINUTE) * MINUTE;

  for (let i = 0; i < howMany(rates.incident); i++) {
    // Most incidents strike during the storm, mostly old people living alone; the rest any time
    // with at least 8 hours of the scenario left to notice them.
    const stormy = rng.chance(0.6);
    const from = stormy
      ? within(
          Math.max(start + 6 * HOUR, landfall - 8 * HOUR),
          Math.min(end - 8 * HOUR, landfall + 10 * HOUR),
        )
      : within(start + 6 * HOUR, end - 8 * HOUR);
    const h = freeHousehold(rng.chance(0.7));
    households.set(h, { kind: 'incident', household: h, from, to: Number.POSITIVE_INFINITY, amount: 0 });
  }
  for (let i = 0; i < howMany(rates.travel); i++) {
    // Away from before the scenario or leaving during it; some come back before it ends.
    const from = within(start - 3 * 24 * HOUR, start + span / 2);
    const to = from + rng.range(2, 8) * 24 * HOUR;
    const h = freeHousehold(false);
    households.set(h, { kind: 'travel', household: h, from, to, amount: 0 });
  }
  for (let i = 0; i < howMany(rates.lowUsage); i++) {
    const h = freeHousehold(false);
    households.set(h, {
      kind: 'low_usage',
      household: h,
      from: Number.NEGATIVE_INFINITY,
      to: Number.POSITIVE_INFINITY,
      amount: rng.range(0.12, 0.3),
    });
  }
  for (let i = 0; i < howMany(rates.waterRunning); i++) {
    const from = within(start + 2 * HOUR, end - 4 * HOUR);
    const h = freeHousehold(false);
    const to = Math.min(from + rng.range(2, 12) * HOUR, Number.POSITIVE_INFINITY);
    households.set(h, { kind: 'water_running', household: h, from, to, amount: rng.range(0.15, 0.9) });
  }
  const meterOf = () => 2 * freeHousehold(false) + rng.int(2);
  for (let i = 0; i < howMany(rates.meterSilent); i++) {
    const from = within(start + 2 * HOUR, end - 6 * HOUR);
    const to = rng.chance(0.5) ? Number.POSITIVE_INFINITY : from + rng.range(3, 24) * HOUR;
    addMeter({ kind: 'silent', meter: meterOf(), from, to, skewMs: 0 });
  }
  for (let i = 0; i < howMany(rates.lateBatch); i++) {
    const from = within(start + 2 * HOUR, end - 10 * HOUR);
    addMeter({ kind: 'late_batch', meter: meterOf(), from, to: from + rng.range(2, 8) * HOUR, skewMs: 0 });
  }
  for (let i = 0; i < howMany(rates.replacement); i++) {
    const at = within(start + 4 * HOUR, end - 4 * HOUR);
    // The swap takes the meter off the network for a while; `to` is when the new one reports.
    addMeter({
      kind: 'replacement',
      meter: meterOf(),
      from: at - rng.range(30, 90) * MINUTE,
      to: at,
      skewMs: 0,
    });
  }
  for (let i = 0; i < howMany(rates.clockSkew); i++) {
    const sign = rng.chance(0.5) ? 1 : -1;
    const skewMs = sign * Math.round(rng.range(1, 5) * 60) * 1000;
    addMeter({
      kind: 'clock_skew',
      meter: meterOf(),
      from: Number.NEGATIVE_INFINITY,
      to: Number.POSITIVE_INFINITY,
      skewMs,
    });
  }
  const cuts = rates.powerCutGrids <= 0 ? 0 : Math.max(1, Math.round((rates.powerCutGrids * n) / 10_000));
  for (let i = 0; i < cuts; i++) {
    // Storm damage takes a grid's supply down around landfall; electricity meters go quiet.
    const grid = city.grids[rng.int(city.grids.length)];
    if (!grid || grid.households === 0) continue;
    const from = within(Math.max(start, landfall - 3 * HOUR), Math.min(end - 2 * HOUR, landfall + 4 * HOUR));
    const to = from + rng.range(2, 9) * HOUR;
    for (let h = grid.firstHousehold; h < grid.firstHousehold + grid.households; h++) {
      if (meters.has(2 * h + 1)) continue;
      addMeter({ kind: 'power_cut', meter: 2 * h + 1, from, to, skewMs: 0, grid: grid.index });
    }
  }
  return { households, meters };
}
