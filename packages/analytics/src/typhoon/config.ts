import { z } from 'zod';
import { TyphoonError } from './errors.ts';
import { exposureBoundsSchema } from './exposure.ts';
import { HOUR, MINUTE } from './time.ts';

const ms = (fallback: number) => z.number().int().positive().default(fallback);

/**
 * Settings of the typhoon risk model; every one has a default (`{}` is the documented model).
 * Validate once at start-up with `parseTyphoonConfig`: a bad value throws naming the field.
 */
export const typhoonConfigSchema = z.object({
  /** Evaluations run on this event-time grid, so results do not depend on how often `advance` is called. */
  stepMs: ms(5 * MINUTE),
  /** Window of the per-station wind medians. */
  windWindowMs: ms(30 * MINUTE),
  /** A station or gauge with nothing newer counts as not reporting (its data ages out). */
  staleAfterMs: ms(30 * MINUTE),
  /** Readings a gauge's trend is fitted on, and how many it needs. */
  trendWindowMs: ms(45 * MINUTE),
  trendMinPoints: z.number().int().min(2).default(4),
  /** Forecast crossings further ahead than this are not shown. */
  forecastHorizonMs: ms(6 * HOUR),
  /** Water blue: the trend reaches the warning level within this lead. */
  waterLeadMs: ms(HOUR),
  /** A gauge alert ends below its threshold minus this share of (保证 − 警戒), at least `minHysteresisM`. */
  gaugeHysteresisShare: z.number().min(0).max(1).default(0.1),
  minHysteresisM: z.number().min(0).default(0.01),
  /** …and only once the readings have stayed there this long. */
  gaugeResolveHoldMs: z
    .number()
    .int()
    .min(0)
    .default(30 * MINUTE),
  /** A district's level alert resolves after the level stayed below it this long. */
  resolveHoldMs: ms(HOUR),
  /** A new score is emitted when the level changes, the score moves this many points, or this long passed. */
  minScoreStep: z.number().min(0).max(100).default(2),
  heartbeatMs: ms(HOUR),
  /** How much exposure can add to the hazard once a hazard reaches blue (0.1 = half a band). */
  exposureWeight: z.number().min(0).max(0.2).default(0.1),
  exposureBounds: exposureBoundsSchema.prefault({}),
  /**
   * A gauge's alerts walk its readings up to its own newest reading less this (readings come
   * 1 to 5 min apart and a little out of order): they follow that gauge alone, whatever the
   * other gauges, partitions or feeds do.
   */
  gaugeOutOfOrdernessMs: ms(10 * MINUTE),
  /** gauge_fault: a device with nothing for this long while its feed runs is silent. */
  silentAfterMs: ms(HOUR),
  /** gauge_fault: a gauge repeating one value this long (at least `stuckMinReadings` times) while a neighbour moves is stuck. */
  stuckAfterMs: ms(3 * HOUR),
  stuckMinReadings: z.number().int().min(2).default(6),
  /** …a neighbour "moves" when its readings over that time span at least this much. */
  neighbourMoveM: z.number().positive().default(0.05),
  /** …and a station's when its mean winds span at least this much (m/s; readings are to 0.1 m/s). */
  stationNeighbourMoveMs: z.number().positive().default(1),
  /** gauge_fault implausible: open from a refuted reading until this long passes without another. */
  implausibleHoldMs: ms(6 * HOUR),
  /** Weather values no station here can measure (a 99 m/s gust is an instrument fault). */
  stationLimits: z
    .object({
      meanMaxMs: z.number().positive().default(60),
      gustMaxMs: z.number().positive().default(80),
      rainMaxMmPerH: z.number().positive().default(240),
    })
    .prefault({}),
  /** Forecast (typhoon advisories): the 7级 circle due within this many hours makes blue… */
  forecastR7LeadH: z.number().positive().max(72).default(24),
  /** …and the 10级 circle due within this many hours yellow (the forecast never makes orange). */
  forecastR10LeadH: z.number().positive().max(72).default(12),
  /** An advisory older than this no longer counts (they come every 3 h, hourly near landfall). */
  advisoryMaxAgeMs: ms(12 * HOUR),
  /** A first `advance` after a restart catches up at most this far back. */
  maxCatchUpMs: ms(72 * HOUR),
  /**
   * Results at evaluation times ≤ this are computed (they rebuild alert and emission state) but
   * not returned: the processor sets it to the watermark it committed before a restart, so a
   * replay does not send again what was sent.
   */
  emitAfter: z.number().optional(),
});

export type TyphoonConfigInput = z.input<typeof typhoonConfigSchema>;
export type TyphoonConfig = z.output<typeof typhoonConfigSchema>;

/** Validates settings; throws TyphoonError INVALID_CONFIG naming each bad field. */
export function parseTyphoonConfig(input: TyphoonConfigInput = {}): TyphoonConfig {
  const result = typhoonConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
  throw new TyphoonError('INVALID_CONFIG', `invalid typhoon config: ${problems.join('; ')}`, {
    cause: result.error,
  });
}
