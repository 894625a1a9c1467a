import type { z } from 'zod';
import { alertSchema } from './alerts.ts';
import { evacuationSchema } from './evacuations.ts';
import { meterReadingSchema } from './meter-readings.ts';
import { gaugeSchema, householdSchema, shelterSchema, stationSchema } from './registries.ts';
import { resourceStatusSchema } from './resources.ts';
import { riskScoreSchema } from './risk-scores.ts';
import { ticketEventSchema } from './ticket-events.ts';
import { TOPICS, type Topic } from './topics.ts';
import { typhoonAdvisorySchema } from './typhoon-advisories.ts';
import { waterLevelSchema } from './water-levels.ts';
import { weatherObservationSchema } from './weather-observations.ts';

/** The schema of every topic's message value, so a generic runtime can decode any topic. */
export const TOPIC_SCHEMAS = {
  [TOPICS.meterReadings]: meterReadingSchema,
  [TOPICS.weatherObservations]: weatherObservationSchema,
  [TOPICS.waterLevels]: waterLevelSchema,
  [TOPICS.ticketEvents]: ticketEventSchema,
  [TOPICS.evacuations]: evacuationSchema,
  [TOPICS.resources]: resourceStatusSchema,
  [TOPICS.typhoonAdvisories]: typhoonAdvisorySchema,
  [TOPICS.households]: householdSchema,
  [TOPICS.gauges]: gaugeSchema,
  [TOPICS.stations]: stationSchema,
  [TOPICS.shelters]: shelterSchema,
  [TOPICS.alerts]: alertSchema,
  [TOPICS.riskScores]: riskScoreSchema,
} as const satisfies Record<Topic, z.ZodType>;

export type TopicSchema<T extends Topic> = (typeof TOPIC_SCHEMAS)[T];

/** The decoded message value of topic `T`. */
export type TopicValue<T extends Topic> = z.output<TopicSchema<T>>;

/** The schema of `topic`'s message value. */
export function schemaFor<T extends Topic>(topic: T): TopicSchema<T> {
  return TOPIC_SCHEMAS[topic];
}
