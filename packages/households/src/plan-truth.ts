/** The planted conditions and the population of every household as truth lines (truth.ts). */
import type { HouseholdSpec } from './model/household.ts';
import type { Plan } from './model/plan.ts';
import type { DeviceConditionTruth, HouseholdConditionTruth, PopulationTruth } from './truth.ts';
import { deviceLine, householdLine, populationLine, type TruthHousehold } from './truth-lines.ts';

/** What the truth says of a households-generator household. */
const truthView = (hh: HouseholdSpec): TruthHousehold => ({
  id: hh.id,
  population: hh.population.name,
  district: hh.district,
  grid: hh.grid,
  persons: hh.persons.length,
  livesAlone: hh.livesAlone,
  waterStepL: hh.waterStepL,
  waterMeter: hh.waterMeter,
  powerMeter: hh.powerMeter,
});

export const populationTruth = (hh: HouseholdSpec): PopulationTruth => populationLine(truthView(hh));

export const householdTruth = (
  hh: HouseholdSpec,
  kind: HouseholdConditionTruth['kind'],
  from: number,
  to: number,
  amount?: number,
): HouseholdConditionTruth => householdLine(truthView(hh), kind, from, to, amount);

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
    for (const f of faults) yield deviceLine(truthView(hh), meter, f);
  }
}
