import { z } from 'zod';

/** What a district holds that a storm can hurt. Counts, never names. */
export interface ExposureInput {
  /** Resident population (7th census, from the `districts` table). */
  population: number;
  /** Registered households, and those with a vulnerable member or a person living alone. */
  households: number;
  vulnerableHouseholds: number;
  /** Shelter places in the district, and how many are still free (capacity when unknown). */
  shelterCapacity: number;
  shelterFree: number;
}

export const exposureBoundsSchema = z.object({
  /** Population mapped to 0 and to 1, on a log scale. */
  populationLow: z.number().positive().default(300_000),
  populationHigh: z.number().positive().default(3_000_000),
  /** Share of vulnerable households mapped to 0 and to 1. */
  vulnerableShareLow: z.number().min(0).max(1).default(0.2),
  vulnerableShareHigh: z.number().min(0).max(1).default(0.6),
  /** Weights of population, vulnerability and shelter shortage; they sum to 1. */
  weights: z.tuple([z.number().min(0), z.number().min(0), z.number().min(0)]).default([0.4, 0.4, 0.2]),
});

export type ExposureBounds = z.output<typeof exposureBoundsSchema>;

export const DEFAULT_EXPOSURE_BOUNDS: ExposureBounds = exposureBoundsSchema.parse({});

const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

export interface Exposure {
  value: number;
  population: number;
  vulnerable: number;
  shelter: number;
}

/**
 * Exposure 0..1: a weighted mean of the population (log scale), the share of vulnerable
 * households, and how full the district's shelters are (no shelter at all counts as full).
 * Monotone: more people, more vulnerable households or fewer free places never lower it.
 */
export function exposure(input: ExposureInput, bounds: ExposureBounds = DEFAULT_EXPOSURE_BOUNDS): Exposure {
  const population = clamp01(
    Math.log(Math.max(1, input.population) / bounds.populationLow) /
      Math.log(bounds.populationHigh / bounds.populationLow),
  );
  const share = input.households > 0 ? input.vulnerableHouseholds / input.households : 0;
  const vulnerable = clamp01(
    (share - bounds.vulnerableShareLow) / (bounds.vulnerableShareHigh - bounds.vulnerableShareLow),
  );
  const shelter = input.shelterCapacity > 0 ? clamp01(1 - input.shelterFree / input.shelterCapacity) : 1;
  const [wp, wv, ws] = bounds.weights;
  return {
    value: clamp01(wp * population + wv * vulnerable + ws * shelter),
    population,
    vulnerable,
    shelter,
  };
}
