/**
 * The truth lines, in packages/households' format (its README, "Truth format"), which
 * packages/analytics `readTruth` parses: the scenario line names this generator and the models.
 */
import { isoCstSeconds } from '@onegrid/contracts';
import type {
  CountsTruth,
  DeviceConditionTruth,
  HouseholdConditionTruth,
  MeterFault,
  PopulationTruth,
} from '@onegrid/households';
import type { EnduseHousehold } from './city.ts';

export interface EnduseScenarioTruth {
  type: 'scenario';
  generator: '@onegrid/enduse-generator';
  /** The published models and their versions (pysimdeum, richardsonpy, numpy, pandas). */
  models: Record<string, string>;
  seed: number;
  households: number;
  stream_start: string;
  start: string;
  end: string;
  populations: Record<string, number>;
}

export type EnduseTruthEntry =
  | EnduseScenarioTruth
  | PopulationTruth
  | HouseholdConditionTruth
  | DeviceConditionTruth
  | CountsTruth;

export interface EnduseTruthSink {
  write(entry: EnduseTruthEntry): void;
}

const iso = (t: number): string | null => (Number.isFinite(t) ? isoCstSeconds(t) : null);

export function populationTruth(hh: EnduseHousehold): PopulationTruth {
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

export function householdTruth(
  hh: EnduseHousehold,
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

export function deviceTruth(hh: EnduseHousehold, meter: number, f: MeterFault): DeviceConditionTruth {
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
