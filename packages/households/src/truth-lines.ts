/**
 * The `population`, `household` and `device` truth lines of one household, for both household
 * generators (packages/enduse-generator writes this package's truth format): each maps its
 * households to `TruthHousehold` and the lines come out alike, field for field.
 */
import { isoCstSeconds } from '@onegrid/contracts';
import type { MeterFault } from './model/plan.ts';
import type { DeviceConditionTruth, HouseholdConditionTruth, PopulationTruth } from './truth.ts';

/** What the truth says of a household. */
export interface TruthHousehold {
  id: string;
  population: string;
  district: string;
  grid: string;
  persons: number;
  livesAlone: boolean;
  waterStepL: number;
  waterMeter: string;
  powerMeter: string;
}

const iso = (t: number): string | null => (Number.isFinite(t) ? isoCstSeconds(t) : null);

export function populationLine(hh: TruthHousehold): PopulationTruth {
  return {
    type: 'population',
    household_id: hh.id,
    population: hh.population,
    district: hh.district,
    grid: hh.grid,
    persons: hh.persons,
    lives_alone: hh.livesAlone,
    water_step_l: hh.waterStepL,
    water_meter: hh.waterMeter,
    power_meter: hh.powerMeter,
  };
}

/** A planted condition of the household from `from` to `to` (infinite: before or after the stream). */
export function householdLine(
  hh: TruthHousehold,
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
    population: hh.population,
    from: iso(from),
    to: iso(to),
    ...(amount !== undefined ? { amount: Math.round(amount * 1000) / 1000 } : {}),
  };
}

/** A fault of meter `meter` (even: the household's water meter, odd: its power meter). */
export function deviceLine(hh: TruthHousehold, meter: number, f: MeterFault): DeviceConditionTruth {
  return {
    type: 'device',
    kind: f.kind,
    device_id: meter % 2 === 0 ? hh.waterMeter : hh.powerMeter,
    household_id: hh.id,
    grid: hh.grid,
    population: hh.population,
    from: iso(f.from),
    to: iso(f.to),
    ...(f.kind === 'late_batch' ? { arrives: isoCstSeconds(f.to + 60_000) } : {}),
    ...(f.kind === 'clock_skew' ? { skew_s: f.skewMs / 1000 } : {}),
  };
}
