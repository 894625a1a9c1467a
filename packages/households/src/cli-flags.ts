/**
 * The generator flags both household generators take (packages/households and
 * packages/enduse-generator), parsed in one place so a script can swap the generators and
 * their flags cannot drift apart. Each CLI keeps its own help text (defaults differ).
 */
import { numberFlag, plantRates } from '@onegrid/feed-io';
import type { GeneratorConfigInput } from './config.ts';

/** `node:util` parseArgs options for the shared flags. */
export const generatorFlagOptions = {
  seed: { type: 'string' },
  households: { type: 'string' },
  days: { type: 'string' },
  hours: { type: 'string' },
  'warmup-days': { type: 'string' },
  start: { type: 'string' },
  'id-base': { type: 'string' },
  speedup: { type: 'string', default: '2016' },
  'as-fast-as-possible': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  'truth-dir': { type: 'string' },
  'batch-size': { type: 'string', default: '5000' },
  plant: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

/** The values parseArgs gives for `generatorFlagOptions`. */
export interface GeneratorFlagValues {
  seed?: string | undefined;
  households?: string | undefined;
  days?: string | undefined;
  hours?: string | undefined;
  'warmup-days'?: string | undefined;
  start?: string | undefined;
  'id-base'?: string | undefined;
  speedup?: string | undefined;
  'as-fast-as-possible'?: boolean | undefined;
  'batch-size'?: string | undefined;
  plant?: string | undefined;
}

/** The config input the flags describe (`--hours` stands for `--days` × 24). */
export function configInputFromFlags(values: GeneratorFlagValues): GeneratorConfigInput {
  return {
    seed: numberFlag('seed', values.seed),
    households: numberFlag('households', values.households),
    days:
      values.hours !== undefined
        ? (numberFlag('hours', values.hours) ?? 0) / 24
        : numberFlag('days', values.days),
    warmupDays: numberFlag('warmup-days', values['warmup-days']),
    start: values.start,
    idBase: numberFlag('id-base', values['id-base']),
    ...(values.plant !== undefined ? { plant: plantRates(values.plant) } : {}),
  };
}

/** Replay pace and batch size: `speedup` null means as fast as the broker takes it. */
export function replayFromFlags(values: GeneratorFlagValues): { speedup: number | null; batchSize: number } {
  return {
    speedup: values['as-fast-as-possible'] ? null : (numberFlag('speedup', values.speedup) ?? 2016),
    batchSize: numberFlag('batch-size', values['batch-size']) ?? 5000,
  };
}
