export {
  frameOf,
  type GeneratorConfig,
  type GeneratorConfigInput,
  generatorConfigSchema,
  parseGeneratorConfig,
} from './config.ts';
export { HouseholdsError, type HouseholdsErrorCode } from './errors.ts';
export { createGeneration, type Generation, generate } from './generate.ts';
export { householdId, powerMeterId, waterMeterId } from './model/household.ts';
export { POPULATION_NAMES } from './model/populations.ts';
export { FAULTS, type Fault, INVALID_FAULTS, type StreamRecord } from './record.ts';
export { createRng, type Rng } from './rng.ts';
export { isoCst } from './time.ts';
export * from './truth.ts';
