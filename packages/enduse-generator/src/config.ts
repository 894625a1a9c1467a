/**
 * Options: the households generator's (same flags, same `--plant` keys, same feed faults), with
 * this generator's own defaults: ids from HH-60000001, trips on 300 per 10k households (its
 * populations have no traveller type), and at most 20,000 households (the Python models take
 * about 30-80 ms of CPU per household-day).
 */
import { generatorConfigSchema, plantSchema } from '@onegrid/households';
import { z } from 'zod';
import { EnduseError } from './errors.ts';

export const enduseConfigSchema = generatorConfigSchema.extend({
  households: z.int().min(1).max(20_000).default(2000),
  days: z.int().min(1).max(60).default(21),
  warmupDays: z.int().min(0).max(30).default(0),
  idBase: z.int().min(0).max(89_000_000).default(60_000_000),
  plant: plantSchema(300),
});

export type EnduseConfigInput = z.input<typeof enduseConfigSchema>;
export type EnduseConfig = z.output<typeof enduseConfigSchema>;

/** Parses options; throws `EnduseError` `INVALID_CONFIG` naming each bad field. */
export function parseEnduseConfig(input: unknown = {}): EnduseConfig {
  const result = enduseConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
  throw new EnduseError('INVALID_CONFIG', `invalid generator options: ${problems.join('; ')}`);
}
