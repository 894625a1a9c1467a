import { z } from 'zod';
import { districtCode } from './fields.ts';
import { waterLevelSchema } from './water-levels.ts';
import { weatherObservationSchema } from './weather-observations.ts';

/**
 * onegrid's own topics between its processors: not part of the city contract, never consumed
 * outside onegrid. They re-key an input so that state which spans several contract keys lives in
 * one partition: a household's water and electricity meters, a district's stations and gauges.
 */
export const INTERNAL_TOPICS = {
  /** `city.sensor.meter-readings` re-keyed by `household_id`, messages unchanged. */
  meterReadingsByHousehold: 'onegrid.internal.meter-readings-by-household',
  /** Weather observations and water levels of known stations and gauges, keyed by district. */
  hazardByDistrict: 'onegrid.internal.hazard-by-district',
} as const;

export type InternalTopic = (typeof INTERNAL_TOPICS)[keyof typeof INTERNAL_TOPICS];

/** A weather observation or a water level with the district its station or gauge stands in. */
export const hazardObservationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weather'), district: districtCode, observation: weatherObservationSchema }),
  z.object({ kind: z.literal('water_level'), district: districtCode, observation: waterLevelSchema }),
]);

export type HazardObservation = z.output<typeof hazardObservationSchema>;
