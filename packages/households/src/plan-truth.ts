/** The planted conditions and the population of every household as truth lines (truth.ts). */
import type { HouseholdSpec } from './model/household.ts';
import type { Plan } from './model/plan.ts';
import { isoCst } from './time.ts';
import type { DeviceConditionTruth, HouseholdConditionTruth, PopulationTruth } from './truth.ts';

const iso = (t: number): string | null => (Number.isFinite(t) ? isoCst(t) : null);

export function populationTruth(hh: HouseholdSpec): PopulationTruth {
  return {
    type: 'population',
    household_id: hh.id,
    population: hh.population.name,
    district: hh.district,
    grid: hh.grid,
    persons: hh.persons.length,
    lives_alone: hh.livesAlone,
    water_step_l: hh.waterStepL,
    water_meter: hh.waterMeter,
    power_meter: hh.powerMeter,
  };
}

export function householdTruth(
  hh: HouseholdSpec,
  kind: HouseholdConditionTruth['kind'],
  from: number,
  to: number,
  amount?: number,
): HouseholdConditionTruth {
  return {
    type: 'household',
    kind,
    household_id: hh.id,
    district: hh.district,
    grid: hh.grid,
    lives_alone: hh.livesAlone,
    population: hh.population.name,
    from: iso(from),
    to: iso(to),
    ...(amount !== undefined ? { amount: Math.round(amount * 1000) / 1000 } : {}),
  };
}

/** Conditions known before the stream starts; incidents follow when placed on the person's day. */
export function* plannedTruth(
  households: readonly HouseholdSpec[],
  plan: Plan,
): Generator<HouseholdConditionTruth | DeviceConditionTruth> {
  for (const hh of households) {
    if (hh.population.name === 'very_low_user')
      yield householdTruth(
        hh,
        'low_usage',
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        hh.population.waterScale,
      );
    for (const trip of plan.trips.get(hh.index) ?? []) yield householdTruth(hh, 'travel', trip.from, trip.to);
    for (const tap of plan.taps.get(hh.index) ?? [])
      yield householdTruth(hh, 'water_running', tap.from, tap.to, tap.m3PerHour);
  }
  for (const [meter, faults] of [...plan.meters].sort((a, b) => a[0] - b[0])) {
    const hh = households[meter >> 1] as HouseholdSpec;
    for (const f of faults) {
      yield {
        type: 'device',
        kind: f.kind,
        device_id: meter % 2 === 0 ? hh.waterMeter : hh.powerMeter,
        household_id: hh.id,
        grid: hh.grid,
        population: hh.population.name,
        from: iso(f.from),
        to: iso(f.to),
        ...(f.kind === 'late_batch' ? { arrives: isoCst(f.to + 60_000) } : {}),
        ...(f.kind === 'clock_skew' ? { skew_s: f.skewMs / 1000 } : {}),
      };
    }
  }
}
