/**
 * Topic names of the stream contract (shared/contracts/STREAMS.md) and the field each topic is
 * keyed by. Names are fixed by the contract: never build one from parts elsewhere.
 */
export const TOPICS = {
  meterReadings: 'city.sensor.meter-readings',
  weatherObservations: 'city.weather.observations',
  typhoonAdvisories: 'city.weather.typhoon-advisories',
  waterLevels: 'city.hydro.water-levels',
  ticketEvents: 'city.tickets.events',
  evacuations: 'city.emergency.evacuations',
  resources: 'city.emergency.resources',
  households: 'city.registry.households',
  gauges: 'city.registry.gauges',
  stations: 'city.registry.stations',
  shelters: 'city.registry.shelters',
  alerts: 'onegrid.alerts',
  riskScores: 'onegrid.risk-scores',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Event streams the city's systems publish. */
export const INPUT_TOPICS = [
  TOPICS.meterReadings,
  TOPICS.weatherObservations,
  TOPICS.waterLevels,
  TOPICS.ticketEvents,
  TOPICS.evacuations,
  TOPICS.resources,
  TOPICS.typhoonAdvisories,
] as const;

/**
 * Reference data on compacted topics (the same records may be loaded from files). On these a
 * message with a null value is a tombstone: the record with that key was deleted.
 */
export const REGISTRY_TOPICS = [TOPICS.households, TOPICS.gauges, TOPICS.stations, TOPICS.shelters] as const;

/** What onegrid publishes. */
export const OUTPUT_TOPICS = [TOPICS.alerts, TOPICS.riskScores] as const;

export const ALL_TOPICS: readonly Topic[] = [...INPUT_TOPICS, ...REGISTRY_TOPICS, ...OUTPUT_TOPICS];

/** The message field whose value is the Kafka key of each topic. */
export const TOPIC_KEYS = {
  [TOPICS.meterReadings]: 'meter_id',
  [TOPICS.weatherObservations]: 'station_id',
  [TOPICS.waterLevels]: 'gauge_id',
  [TOPICS.ticketEvents]: 'ticket_id',
  [TOPICS.evacuations]: 'shelter_id',
  [TOPICS.resources]: 'resource_id',
  [TOPICS.typhoonAdvisories]: 'storm_id',
  [TOPICS.households]: 'household_id',
  [TOPICS.gauges]: 'gauge_id',
  [TOPICS.stations]: 'station_id',
  [TOPICS.shelters]: 'shelter_id',
  [TOPICS.alerts]: 'subject',
  [TOPICS.riskScores]: 'district',
} as const satisfies Record<Topic, string>;

const KNOWN: ReadonlySet<string> = new Set(ALL_TOPICS);

/** Whether `name` is one of the contract's topics (for topic names read from configuration). */
export function isTopic(name: string): name is Topic {
  return KNOWN.has(name);
}

/** The dead-letter topic of `topic`: where messages that cannot be used go, with the reason. */
export function dlqTopic<T extends string>(topic: T): `${T}.dlq` {
  return `${topic}.dlq`;
}
