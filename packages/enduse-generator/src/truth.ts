/**
 * The truth lines, in packages/households' format (its README, "Truth format"), which
 * packages/analytics `readTruth` parses: the scenario line names this generator and the models.
 */
import type {
  CountsTruth,
  DeviceConditionTruth,
  HouseholdConditionTruth,
  PopulationTruth,
  ScenarioTruth,
} from '@onegrid/households';

/** The households generator's scenario line, naming this generator and its models. */
export interface EnduseScenarioTruth extends Omit<ScenarioTruth, 'generator'> {
  generator: '@onegrid/enduse-generator';
  /** The published models and their versions (pysimdeum, richardsonpy, numpy, pandas). */
  models: Record<string, string>;
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

// The lines of one household are households' own: EnduseHousehold is a TruthHousehold as it is.
export {
  deviceLine as deviceTruth,
  householdLine as householdTruth,
  populationLine as populationTruth,
} from '@onegrid/households';
