/**
 * Where each table lives on a cluster. Event and derived tables are sharded by the key their
 * ReplacingMergeTree collapses on (so a repeated row lands on the shard that holds the
 * original) — and, for meters and usage, by household, so a household's rows sit together.
 * Registries are small and joined everywhere: one full replica on every node.
 */
export type Placement = { readonly sharded: string } | { readonly everywhere: true };

export const PLACEMENT: Readonly<Record<string, Placement>> = {
  meter_readings: { sharded: 'cityHash64(household_id)' },
  household_usage_hourly: { sharded: 'cityHash64(household_id)' },
  utility_state_snapshots: { sharded: 'cityHash64(household_id)' },
  utility_snapshots_by_partition: { sharded: 'cityHash64(household_id)' },
  late_events: { sharded: 'cityHash64(topic, partition, offset)' },
  dead_letters: { sharded: 'cityHash64(topic, partition, offset)' },
  dead_letter_redrives: { sharded: 'cityHash64(topic, partition, offset)' },
  weather_observations: { sharded: 'cityHash64(station_id)' },
  weather_station_hourly: { sharded: 'cityHash64(station_id)' },
  water_levels: { sharded: 'cityHash64(gauge_id)' },
  water_levels_5m: { sharded: 'cityHash64(gauge_id)' },
  ticket_events: { sharded: 'cityHash64(ticket_id)' },
  tickets: { sharded: 'cityHash64(ticket_id)' },
  ticket_summons: { sharded: 'cityHash64(ticket_id)' },
  evacuation_events: { sharded: 'cityHash64(event_id)' },
  resource_events: { sharded: 'cityHash64(resource_id)' },
  typhoon_advisories: { sharded: 'cityHash64(storm_id)' },
  alerts: { sharded: 'cityHash64(alert_id)' },
  baseline_alerts: { sharded: 'cityHash64(alert_id)' },
  risk_scores: { sharded: 'cityHash64(district)' },
  households: { everywhere: true },
  gauges: { everywhere: true },
  stations: { everywhere: true },
  shelters: { everywhere: true },
  districts: { everywhere: true },
};
