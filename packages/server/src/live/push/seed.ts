import type { ClickHouseClient } from '@clickhouse/client';
import { GAUGES_SQL, type GaugeInfo } from '../../queries/gauge-registry.ts';
import { LATEST_LEVELS } from '../gauges.ts';
import { rows } from '../poll.ts';
import type { EvacuationFact, ResourceFact, ShelterInfo } from './emergency-models.ts';
import type { TicketFact } from './ticket-model.ts';
import type { WeatherFields } from './weather-model.ts';

// What the pushed channels start from, and catch up from after a gap: the store's rows, never
// its aggregates, so that the models merge them with Kafka's copies by key (see each model).

// Each gauge's newest reading of the last day (the live poller's query, live: AS_OF is the far
// future), and of each 10-minute bucket of the last 12 hours, refuted readings left out; and the
// readings refuted, so that the model drops Kafka's copies of them (GaugeModel.refute).
const REFUTED_LEVELS = `
SELECT gauge_id, toUnixTimestamp64Milli(ts) AS ts_ms FROM water_levels
WHERE quality = 'refuted' AND ts >= (SELECT max(ts) FROM water_levels) - INTERVAL 1 DAY`;

const LEVELS = `${LATEST_LEVELS}
UNION ALL
SELECT gauge_id, toUnixTimestamp64Milli(max(ts)) AS ts_ms, argMax(level_m, ts) AS level_m FROM water_levels
WHERE ts >= (SELECT max(ts) FROM water_levels) - INTERVAL 750 MINUTE
  AND (gauge_id, ts) NOT IN (SELECT gauge_id, ts FROM water_levels WHERE quality = 'refuted')
GROUP BY gauge_id, intDiv(toUnixTimestamp64Milli(ts), 600000)`;

const DISTRICTS = `SELECT code, any(name_zh) AS name FROM districts GROUP BY code`;

// FINAL: an observation's flagged copy (refuted_fields) replaces the archive's (migration 0043).
const OBSERVATIONS = `
SELECT o.station_id AS station_id, s.district AS district, toUnixTimestamp64Milli(o.ts) AS ts_ms,
       o.wind_speed_ms AS wind, o.wind_gust_ms AS gust, o.rain_mm AS rain, o.pressure_hpa AS pressure,
       o.refuted_fields AS refuted
FROM weather_observations AS o FINAL INNER JOIN stations_current AS s ON s.station_id = o.station_id
WHERE o.ts > (SELECT max(ts) FROM weather_observations) - INTERVAL 25 HOUR`;

const SHELTERS = `SELECT shelter_id, name, district, capacity, lat, lon FROM shelters_current`;

const EVACUATIONS = `
SELECT event_id, toUnixTimestamp64Milli(ts) AS ts, shelter_id, district, toString(action) AS action, people
FROM evacuation_events FINAL`;

const RESOURCES = `
SELECT resource_id, toUnixTimestamp64Milli(since) AS ts, type, status, quantity FROM resource_status_now`;

const TICKETS = `
SELECT ticket_id, district, toUnixTimestamp64Milli(assumeNotNull(reported_at)) AS reported,
       first_resolved_at IS NOT NULL AS resolved, closed_at IS NOT NULL AS closed,
       cancelled_at IS NOT NULL AS cancelled, overdue, on_time, satisfaction, resolve_s, accept_s, version
FROM tickets FINAL
WHERE reported_at > (SELECT max(reported_at) FROM tickets) - INTERVAL 24 HOUR`;

export interface StoreSeed {
  readonly gauges: GaugeInfo[];
  readonly levels: { gauge_id: string; ts_ms: number; level_m: number }[];
  /** Readings refuted as sensor faults (water_levels.quality). */
  readonly refutedLevels: { gauge_id: string; ts_ms: number }[];
  readonly districtNames: Map<string, string>;
  readonly observations: (WeatherFields & {
    station_id: string;
    district: string;
    ts_ms: number;
    refuted: string[];
  })[];
  readonly shelters: ShelterInfo[];
  readonly evacuations: EvacuationFact[];
  readonly resources: ResourceFact[];
  readonly tickets: TicketFact[];
}

type TicketRow = Omit<TicketFact, 'resolved' | 'closed' | 'cancelled'> &
  Record<'resolved' | 'closed' | 'cancelled', number>;

/** Reads the store's copy of every pushed channel, one query at a time (an embedded engine is one process). */
export async function readStoreSeed(client: ClickHouseClient): Promise<StoreSeed> {
  const gauges = await rows<GaugeInfo>(client, GAUGES_SQL);
  const levels = await rows<StoreSeed['levels'][number]>(client, LEVELS);
  const refutedLevels = await rows<StoreSeed['refutedLevels'][number]>(client, REFUTED_LEVELS);
  const names = await rows<{ code: string; name: string }>(client, DISTRICTS);
  const observations = await rows<StoreSeed['observations'][number]>(client, OBSERVATIONS);
  const shelters = await rows<ShelterInfo>(client, SHELTERS);
  const evacuations = await rows<EvacuationFact>(client, EVACUATIONS);
  const resources = await rows<ResourceFact>(client, RESOURCES);
  const tickets = await rows<TicketRow>(client, TICKETS);
  return {
    gauges,
    levels,
    refutedLevels,
    districtNames: new Map(names.map((n) => [n.code, n.name])),
    observations,
    shelters,
    evacuations,
    resources,
    tickets: tickets.map((t) => ({
      ...t,
      resolved: Boolean(t.resolved),
      closed: Boolean(t.closed),
      cancelled: Boolean(t.cancelled),
    })),
  };
}
