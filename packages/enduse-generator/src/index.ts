export type { EnduseHousehold } from './city.ts';
export {
  type EnduseConfig,
  type EnduseConfigInput,
  enduseConfigSchema,
  parseEnduseConfig,
} from './config.ts';
export { EnduseError, type EnduseErrorCode } from './errors.ts';
export { createGeneration, type EnduseGeneration } from './generate.ts';
export type { EnduseScenarioTruth, EnduseTruthEntry, EnduseTruthSink } from './truth.ts';
export { cacheDir, loadUsage, type Usage, type UsageMeta } from './usage.ts';
