/**
 * The lines of a simulator truth file the scoring reads (see packages/simulator README, "Truth
 * format"). Defined here as zod schemas: the simulator is only a dev dependency, and a scoring
 * script reads truth.jsonl as plain JSON. Other lines are ignored.
 */
import { timestamp, toEpochMs } from '@onegrid/contracts';
import { z } from 'zod';

const instant = timestamp.transform(toEpochMs);
const until = instant.nullable().transform((t) => t ?? Number.POSITIVE_INFINITY);

export const scenarioTruthSchema = z.object({
  type: z.literal('scenario'),
  households: z.int().min(1),
  start: instant,
  end: instant,
});

export const householdTruthSchema = z.object({
  type: z.literal('household'),
  kind: z.enum(['incident', 'travel', 'low_usage', 'water_running']),
  household_id: z.string(),
  grid: z.string(),
  lives_alone: z.boolean(),
  /** Null: so since before the stream began. */
  from: instant.nullable().transform((t) => t ?? Number.NEGATIVE_INFINITY),
  /** Null: still so at the end. */
  to: until,
});

export const deviceTruthSchema = z.object({
  type: z.literal('device'),
  kind: z.enum(['silent', 'late_batch', 'replacement', 'clock_skew', 'power_cut', 'no_wind']),
  device_id: z.string(),
  household_id: z.string().optional(),
  grid: z.string().optional(),
  from: instant.nullable().transform((t) => t ?? Number.NEGATIVE_INFINITY),
  to: until,
});

/** A household's population (the households generator writes one line per household; the simulator none). */
export const populationTruthSchema = z.object({
  type: z.literal('population'),
  household_id: z.string(),
  population: z.string(),
});

export type ScenarioTruthLine = z.output<typeof scenarioTruthSchema>;
export type HouseholdTruthLine = z.output<typeof householdTruthSchema>;
export type DeviceTruthLine = z.output<typeof deviceTruthSchema>;

export interface Truth {
  scenario: ScenarioTruthLine;
  households: HouseholdTruthLine[];
  devices: DeviceTruthLine[];
  /** Household id → population; empty for a source without populations (the simulator). */
  populations: Map<string, string>;
}

/** Picks and validates the lines scoring needs from parsed truth entries; throws if the scenario line is missing. */
export function readTruth(entries: readonly unknown[]): Truth {
  let scenario: ScenarioTruthLine | undefined;
  const households: HouseholdTruthLine[] = [];
  const devices: DeviceTruthLine[] = [];
  const populations = new Map<string, string>();
  for (const entry of entries) {
    const type = (entry as { type?: unknown } | null)?.type;
    if (type === 'scenario') scenario = scenarioTruthSchema.parse(entry);
    else if (type === 'household') households.push(householdTruthSchema.parse(entry));
    else if (type === 'device') devices.push(deviceTruthSchema.parse(entry));
    else if (type === 'population') {
      const p = populationTruthSchema.parse(entry);
      populations.set(p.household_id, p.population);
    }
  }
  if (!scenario) throw new RangeError('truth has no "scenario" line');
  return { scenario, households, devices, populations };
}
