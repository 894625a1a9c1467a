export {
  configInputFromFlags,
  generatorFlagOptions,
  replayFromFlags,
} from './cli-flags.ts';
export {
  frameOf,
  type GeneratorConfig,
  type GeneratorConfigInput,
  generatorConfigSchema,
  parseGeneratorConfig,
  plantSchema,
} from './config.ts';
export { HouseholdsError, type HouseholdsErrorCode } from './errors.ts';
// The feed layer, for packages/enduse-generator (the external generator turns its Python
// models' per-quarter use into the same messages, faults and register steps).
export { type Reading, readingsByMeter } from './feed/by-meter.ts';
export { ArrivalHeap } from './feed/heap.ts';
export { type FeedHousehold, MeterFeed } from './feed/meters.ts';
export { createGeneration, type Generation, generate } from './generate.ts';
export { DISTRICTS, householdId, powerMeterId, waterMeterId } from './model/household.ts';
export type { MeterFault } from './model/plan.ts';
export { POPULATION_NAMES } from './model/populations.ts';
export { publishGeneration } from './publish-generation.ts';
export { FAULTS, type Fault, INVALID_FAULTS, type StreamRecord } from './record.ts';
export { type RegistryHousehold, type RegistryTraits, registryMessages } from './registry.ts';
export { type RecordSink, type ReplayReport, replay } from './replay.ts';
export { createRng, type Rng } from './rng.ts';
export * from './truth.ts';
export { deviceLine, householdLine, populationLine, type TruthHousehold } from './truth-lines.ts';
