import { z } from 'zod';
import { alertSchema } from './alerts.ts';
import { evacuationSchema } from './evacuations.ts';
import { districtCode } from './fields.ts';
import { meterReadingSchema } from './meter-readings.ts';
import { resourceStatusSchema } from './resources.ts';
import { riskScoreSchema } from './risk-scores.ts';
import { typhoonAdvisorySchema } from './typhoon-advisories.ts';
import { waterLevelSchema } from './water-levels.ts';
import { weatherObservationSchema } from './weather-observations.ts';

/**
 * onegrid's own topics between its processors: not part of the city contract, never consumed
 * outside onegrid. They re-key an input so that state which spans several contract keys lives in
 * one partition: a household's water and electricity meters, a district's stations and gauges.
 */
export const INTERNAL_TOPICS = {
  /** `city.sensor.meter-readings` re-keyed by `household_id`, each reading with its source partition. */
  meterReadingsByHousehold: 'onegrid.internal.meter-readings-by-household',
  /** Weather observations and water levels of known stations and gauges, and typhoon advisories, keyed by district. */
  hazardByDistrict: 'onegrid.internal.hazard-by-district',
  /** Evacuation events and resource statuses the archives accepted, keyed by district (the screens' feed). */
  emergencyByDistrict: 'onegrid.internal.emergency-by-district',
  /** Each ticket's `tickets` row as the ticket processor writes it, keyed by `ticket_id` (the screens' feed). */
  ticketRows: 'onegrid.internal.ticket-rows',
  /**
   * The hot standby's copy of the screens' water levels, weather, evacuations and resources
   * (packages/processors, live lane): read by the server alone, never by a processor, so a copy
   * stores and counts nothing.
   */
  liveLane: 'onegrid.internal.live-lane',
} as const;

export type InternalTopic = (typeof INTERNAL_TOPICS)[keyof typeof INTERNAL_TOPICS];

/**
 * The partition of the contract topic a re-keyed message came from. Re-keying merges several
 * source partitions that need not keep pace with each other (one may be hours ahead after an
 * outage or in a fast replay), so event time on the internal topic is tracked per source
 * partition: the reader's watermark is the slowest source's, not the newest message's.
 */
const sourcePartition = z.int().min(0).describe('partition of the source topic');

/** A weather observation or a water level with the district its station or gauge stands in. */
export const hazardObservationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('weather'),
    district: districtCode,
    source_partition: sourcePartition,
    observation: weatherObservationSchema,
  }),
  z.object({
    kind: z.literal('water_level'),
    district: districtCode,
    source_partition: sourcePartition,
    observation: waterLevelSchema,
  }),
  // A typhoon advisory, copied to every district (it concerns them all): optional, nothing waits for it.
  z.object({
    kind: z.literal('advisory'),
    district: districtCode,
    source_partition: sourcePartition,
    observation: typhoonAdvisorySchema,
  }),
]);

export type HazardObservation = z.output<typeof hazardObservationSchema>;

/** A meter reading re-keyed by its household. */
export const householdReadingSchema = z.object({
  source_partition: sourcePartition,
  reading: meterReadingSchema,
});

export type HouseholdReading = z.output<typeof householdReadingSchema>;

/** An evacuation event or a resource status that its archive accepted (valid, registry ids known). */
export const emergencyEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('evacuation'), event: evacuationSchema }),
  z.object({ kind: z.literal('resource'), event: resourceStatusSchema }),
]);

export type EmergencyEvent = z.output<typeof emergencyEventSchema>;

/**
 * A message of the live lane: an accepted water level, weather observation, evacuation event or
 * resource status, in the shape of its `hazardByDistrict` or `emergencyByDistrict` copy.
 */
export const liveLaneEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weather'), district: districtCode, observation: weatherObservationSchema }),
  z.object({ kind: z.literal('water_level'), district: districtCode, observation: waterLevelSchema }),
  z.object({ kind: z.literal('evacuation'), event: evacuationSchema }),
  z.object({ kind: z.literal('resource'), event: resourceStatusSchema }),
]);

export type LiveLaneEvent = z.output<typeof liveLaneEventSchema>;

/**
 * The screens' copy of each alert and risk score (packages/processors, "Screen lane"): read by the
 * server alone, never stored or counted. Not in INTERNAL_TOPICS: it is provisioned on its own
 * (replication 2, min ISR 1, so some partition never waits on a given dead broker).
 */
export const SCREEN_LANE_TOPIC = 'onegrid.internal.screen-lane';

/** Largest screen-lane message the server decodes (an alert with its evidence is under 4 KB). */
export const SCREEN_LANE_MAX_BYTES = 64 * 1024;

/**
 * A message of the screen lane: the row exactly as its contract topic carries it, and when the
 * processor emitted it (epoch ms of its wall clock: the screens' latency is timed from there).
 */
export const screenLaneEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert'), emitted_at: z.int().positive(), alert: alertSchema }),
  z.object({ kind: z.literal('risk'), emitted_at: z.int().positive(), score: riskScoreSchema }),
]);

export type ScreenLaneEvent = z.output<typeof screenLaneEventSchema>;
