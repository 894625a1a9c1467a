/**
 * Scenario configuration, validated with zod so a bad option fails at start-up with its name,
 * value and what was expected. Every field has a default: `{}` is the demo scenario.
 */
import { z } from 'zod';
import { SimulatorError } from './errors.ts';
import { parseInstant } from './time.ts';

const rate = z.number().min(0).max(0.2);
const perTenThousand = z.number().min(0).max(1000);

export const scenarioConfigSchema = z.object({
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(42),
  /** Households in the city; the default demo size is 100,000. */
  households: z.int().min(100).max(2_000_000).default(100_000),
  /** Start of the main window (ISO-8601 with offset). */
  start: z
    .string()
    .default('2026-09-13T00:00:00+08:00')
    .refine((s) => !Number.isNaN(safeInstant(s)), 'ISO-8601 instant with an offset'),
  hours: z
    .number()
    .positive()
    .max(24 * 14)
    .default(48),
  /** Days of normal life streamed before the main window, for detectors to learn rhythms. */
  warmupDays: z.number().min(0).max(30).default(0),
  /** Landfall, hours after `start`. */
  landfallHour: z
    .number()
    .min(-48)
    .max(24 * 14)
    .default(26),
  /** People moved to shelters per household in the city (an aggregate: no household is named). */
  evacueesPerHousehold: z.number().min(0).max(10).default(1.5),
  /** Multiplies every ticket rate. */
  ticketRateScale: z.number().min(0).max(100).default(1),
  streams: z
    .object({
      meters: z.boolean().default(true),
      weather: z.boolean().default(true),
      waterLevels: z.boolean().default(true),
      tickets: z.boolean().default(true),
      evacuations: z.boolean().default(true),
      resources: z.boolean().default(true),
      /** The optional typhoon advisory feed. */
      advisories: z.boolean().default(true),
    })
    .prefault({}),
  pathologies: z
    .object({
      duplicate: rate.default(0.002),
      outOfOrder: rate.default(0.003),
      malformed: rate.default(0.0003),
      wrongType: rate.default(0.0003),
      outOfRange: rate.default(0.0003),
      unknownId: rate.default(0.0003),
    })
    .prefault({}),
  plant: z
    .object({
      incident: perTenThousand.default(4),
      travel: perTenThousand.default(15),
      lowUsage: perTenThousand.default(30),
      waterRunning: perTenThousand.default(4),
      meterSilent: perTenThousand.default(5),
      lateBatch: perTenThousand.default(4),
      replacement: perTenThousand.default(3),
      clockSkew: perTenThousand.default(10),
      powerCutGrids: perTenThousand.default(0.3),
    })
    .prefault({}),
  /**
   * Sensor faults (issue 20), all off by default: gauges with single-reading glitches, stuck or
   * silent gauges, stations sending values no storm makes (the glitch kinds in turn: a 99 m/s
   * gust, a gust or mean wind jump, a rain burst), stations stuck (anemometer, 4–8 h) or silent
   * (2–6 h), the weather feed down (`start`: for the
   * whole scenario; `mid_storm`: from 3 h before to 3 h after landfall), a meter partition silent
   * (of `meterPartitions`, from 2 h before to 4 h after landfall). See streams/sensor-faults.ts.
   */
  sensorFaults: z
    .object({
      gaugeGlitches: z.int().min(0).max(20).default(0),
      stuckGauges: z.int().min(0).max(10).default(0),
      silentGauges: z.int().min(0).max(10).default(0),
      stationGlitches: z.int().min(0).max(20).default(0),
      stuckStations: z.int().min(0).max(10).default(0),
      silentStations: z.int().min(0).max(10).default(0),
      weatherDown: z.enum(['none', 'start', 'mid_storm']).default('none'),
      silentMeterPartition: z.int().min(0).max(255).nullable().default(null),
      meterPartitions: z.int().min(1).max(256).default(6),
    })
    .prefault({}),
});

export type ScenarioConfigInput = z.input<typeof scenarioConfigSchema>;
export type ScenarioConfig = z.output<typeof scenarioConfigSchema>;

function safeInstant(s: string): number {
  try {
    return parseInstant(s);
  } catch {
    return Number.NaN;
  }
}

/** Validates options; throws SimulatorError INVALID_CONFIG naming each bad field and its value. */
export function parseScenarioConfig(input: ScenarioConfigInput = {}): ScenarioConfig {
  const result = scenarioConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    let value: unknown = input;
    for (const key of issue.path)
      value = (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
    return `${issue.path.join('.') || '(options)'}: ${issue.message}, got ${JSON.stringify(value)}`;
  });
  throw new SimulatorError('INVALID_CONFIG', `invalid scenario options: ${problems.join('; ')}`);
}
