export { buildCity, type City, type CityOptions } from './city/city.ts';
export { DEPARTMENTS, type Department } from './city/departments.ts';
export type { Community, District, Grid, Street } from './city/divisions.ts';
export { RESOURCE_TYPES, type Resource, type Shelter } from './city/facilities.ts';
export {
  HOUSEHOLD_TYPES,
  type Households,
  householdId,
  powerMeterId,
  VULNERABLE_TAGS,
  waterMeterId,
} from './city/households.ts';
export type { GaugeRecord, StationRecord } from './city/reference-data.ts';
export { householdRecord, registryRecords } from './city/registry.ts';
export {
  parseScenarioConfig,
  type ScenarioConfig,
  type ScenarioConfigInput,
  scenarioConfigSchema,
} from './config.ts';
export { SimulatorError, type SimulatorErrorCode } from './errors.ts';
export type { PathologyRates } from './feed/feed.ts';
export { FAULTS, type Fault, INVALID_FAULTS, type StreamRecord } from './record.ts';
export { createRng, type Rng } from './rng.ts';
export { createScenario, type Scenario } from './scenario.ts';
export { ADVISORY_DELAY, advisoryAt, advisoryTimes } from './storm/advisories.ts';
export type { StormState, StormTrack } from './storm/track.ts';
export { isoCst } from './time.ts';
export type { PlantRates } from './truth/plan.ts';
export {
  type CountsTruth,
  collectTruth,
  type DeviceConditionTruth,
  type EvacuationTruth,
  type GaugeTruthEntry,
  type HouseholdConditionTruth,
  type ResourceTruth,
  type ScenarioTruth,
  type TicketTruth,
  type TopicCounts,
  type TruthEntry,
  type TruthSink,
} from './truth/truth.ts';
