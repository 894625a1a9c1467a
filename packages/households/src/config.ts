/**
 * Generator options, validated with zod so a bad one fails at start-up naming the field, the
 * value and what was expected. Every field has a default: `{}` is 2,000 households over 21 days.
 */
import { z } from 'zod';
import { HouseholdsError } from './errors.ts';
import { DAY, isCstMidnight } from './time.ts';

const rate = z.number().min(0).max(0.2);
const perTenThousand = z.number().min(0).max(5000);

const instant = (s: string): number => (/(Z|[+-]\d{2}:\d{2})$/.test(s) ? Date.parse(s) : Number.NaN);

/**
 * Planted conditions per 10k households, the `--plant` keys. Only the trip rate differs between
 * the generators (the external one's populations have no traveller type), so it is a parameter.
 */
export function plantSchema(travel: number) {
  return z
    .object({
      incident: perTenThousand.default(100),
      travel: perTenThousand.default(travel),
      waterRunning: perTenThousand.default(30),
      meterSilent: perTenThousand.default(25),
      lateBatch: perTenThousand.default(20),
      replacement: perTenThousand.default(15),
      clockSkew: perTenThousand.default(50),
    })
    .strict()
    .prefault({});
}

export const generatorConfigSchema = z.object({
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
  households: z.int().min(1).max(100_000).default(2000),
  /** Start of the scored window: a local (+08:00) midnight, ISO-8601 with an offset. */
  start: z
    .string()
    .default('2026-11-02T00:00:00+08:00')
    .refine((s) => Number.isFinite(instant(s)) && isCstMidnight(instant(s)), 'a +08:00 midnight, ISO-8601'),
  /** Length of the scored window, whole days. */
  days: z.int().min(1).max(120).default(21),
  /** Whole days of ordinary life streamed before `start`, so detectors can learn rhythms. */
  warmupDays: z.int().min(0).max(60).default(0),
  /**
   * Household numbers start after this: ids `HH-50000001`… by default, apart from the
   * simulator's (`HH-00000001`…) and from the `HH-9…` ids nobody registers.
   */
  idBase: z.int().min(0).max(89_000_000).default(50_000_000),
  /** Share of water meters with a 10 L register step (the rest count single litres). */
  tenLitreShare: z.number().min(0).max(1).default(0.2),
  /**
   * Planted conditions per 10k households (incidents only on people living alone). The keys are
   * the simulator's, so one `--plant` argument serves both generators.
   */
  plant: plantSchema(40),
  /** Feed faults, per valid reading. */
  faults: z
    .object({
      duplicate: rate.default(0.002),
      outOfOrder: rate.default(0.003),
      malformed: rate.default(0.0003),
      wrongType: rate.default(0.0002),
      outOfRange: rate.default(0.0002),
      unknownId: rate.default(0.0002),
    })
    .strict()
    .prefault({}),
});

export type GeneratorConfigInput = z.input<typeof generatorConfigSchema>;
export type GeneratorConfig = z.output<typeof generatorConfigSchema>;

/** Parses options; throws `HouseholdsError` `INVALID_CONFIG` naming each bad field. */
export function parseGeneratorConfig(input: unknown = {}): GeneratorConfig {
  const result = generatorConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const value = i.path.reduce<unknown>(
      (o, k) => (o !== null && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined),
      input,
    );
    return `${i.path.join('.') || '(options)'}: ${i.message}, got ${JSON.stringify(value)}`;
  });
  throw new HouseholdsError('INVALID_CONFIG', `invalid generator options: ${problems.join('; ')}`);
}

/** The time frame a config describes (epoch ms). */
export function frameOf(config: GeneratorConfig): { streamStart: number; start: number; end: number } {
  const start = Date.parse(config.start);
  return { streamStart: start - config.warmupDays * DAY, start, end: start + config.days * DAY };
}
