import { TOPICS, type Topic } from '@onegrid/contracts';

/** Every table and view the migrations create, by role. Names are fixed once migrated. */
export const TABLES = {
  meterReadings: 'meter_readings',
  lateEvents: 'late_events',
  weatherObservations: 'weather_observations',
  waterLevels: 'water_levels',
  ticketEvents: 'ticket_events',
  evacuationEvents: 'evacuation_events',
  resourceEvents: 'resource_events',
  typhoonAdvisories: 'typhoon_advisories',
  households: 'households',
  gauges: 'gauges',
  stations: 'stations',
  shelters: 'shelters',
  districts: 'districts',
  alerts: 'alerts',
  riskScores: 'risk_scores',
  deadLetters: 'dead_letters',
  householdUsageHourly: 'household_usage_hourly',
  tickets: 'tickets',
  ticketSummons: 'ticket_summons',
} as const;

export type TableName = (typeof TABLES)[keyof typeof TABLES];

/** The raw table each contract topic is archived in, one row per message. */
export const TOPIC_TABLES = {
  [TOPICS.meterReadings]: TABLES.meterReadings,
  [TOPICS.weatherObservations]: TABLES.weatherObservations,
  [TOPICS.waterLevels]: TABLES.waterLevels,
  [TOPICS.ticketEvents]: TABLES.ticketEvents,
  [TOPICS.evacuations]: TABLES.evacuationEvents,
  [TOPICS.resources]: TABLES.resourceEvents,
  [TOPICS.typhoonAdvisories]: TABLES.typhoonAdvisories,
  [TOPICS.households]: TABLES.households,
  [TOPICS.gauges]: TABLES.gauges,
  [TOPICS.stations]: TABLES.stations,
  [TOPICS.shelters]: TABLES.shelters,
  [TOPICS.alerts]: TABLES.alerts,
  [TOPICS.riskScores]: TABLES.riskScores,
} as const satisfies Record<Topic, TableName>;

/**
 * Settings an insert of mapped rows needs: rows keep the messages' ISO-8601 times with their
 * offset (`2026-09-14T08:15:00+08:00`), which ClickHouse reads exactly with best_effort parsing.
 * `clickHouseSink` of @onegrid/stream already sends it.
 */
export const ROW_INSERT_SETTINGS = { date_time_input_format: 'best_effort' } as const;
