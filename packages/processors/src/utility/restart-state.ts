import type { ClickHouseClient } from '@clickhouse/client';
import type { ReadingsTaken, SeedRow } from '@onegrid/analytics/utility';
import type { Alert } from '@onegrid/contracts';
import { alertFromRow, type StoredAlert } from '@onegrid/store';

/**
 * What a utility detector learnt before a restart, read back from the store: each household's
 * recent hourly usage (its rhythm is learnt from it) and the utility alerts still open (so none
 * is raised twice, and each can still be resolved). Households take theirs when first seen.
 */
export interface UtilityRestartState {
  readonly history: ReadonlyMap<string, SeedRow[]>;
  /** What each household's stored hours had taken in: replayed readings up to it are in them. */
  readonly taken: ReadonlyMap<string, ReadingsTaken>;
  /** Open `utility_inactivity` and `water_running` alerts by household. */
  readonly householdAlerts: ReadonlyMap<string, Alert[]>;
  /** Open `meter_offline` alerts (a meter's or a whole grid's): every operator restores them all. */
  readonly offlineAlerts: readonly Alert[];
}

/**
 * The households of one partition of the topic keyed by household id: Kafka's default
 * partitioner (murmur2 of the key, the sign bit cleared, modulo the partition count), which
 * ClickHouse computes as `kafkaMurmurHash`.
 */
export interface HouseholdPartition {
  readonly partition: number;
  readonly partitions: number;
}

const epochMs = (local: string): number => Date.parse(`${local.replace(' ', 'T')}+08:00`);

/**
 * Reads the restart state of every household, or of one partition's households: an operator
 * loads its partition's when the partition is assigned, so a partition that moves between
 * processes after a rebalance resumes from what its previous owner stored until its last commit.
 */
export async function loadUtilityRestartState(
  client: ClickHouseClient,
  historyDays: number,
  scope?: HouseholdPartition,
): Promise<UtilityRestartState> {
  const inScope = (column: string): string =>
    scope === undefined ? '1' : `kafkaMurmurHash(${column}) % {partitions:UInt32} = {partition:UInt32}`;
  const scopeParams = scope === undefined ? {} : { partition: scope.partition, partitions: scope.partitions };
  const history = new Map<string, SeedRow[]>();
  const taken = new Map<string, ReadingsTaken>();
  const usage = await client.query({
    // The alias must not be `hour`: it would shadow the column in WHERE (a String against a DateTime).
    query: `SELECT household_id, toString(hour) AS hour_local, water_m3, electricity_kwh, water_readings, electricity_readings,
                   toString(toUnixTimestamp64Milli(water_reading_through)),
                   toString(toUnixTimestamp64Milli(electricity_reading_through)), in_alert
            FROM household_usage_hourly FINAL
            WHERE hour >= (SELECT max(hour) FROM household_usage_hourly) - INTERVAL {days:UInt32} DAY
              AND ${inScope('household_id')}`,
    query_params: { days: historyDays, ...scopeParams },
    format: 'JSONCompactEachRow',
  });
  // Marks only grow (a meter's readings are taken in time order, and a rebuilt detector starts
  // from the stored marks), so a household's highest are its newest emission's, which re-emitted
  // every hour its new readings changed: they are among the rows FINAL keeps. Not the marks of
  // the highest version: a replay may emit at a version its predecessor used, with higher marks.
  const higher = (mark: number | undefined, text: string | null): number | undefined =>
    text === null ? mark : Math.max(mark ?? Number.NEGATIVE_INFINITY, Number(text));
  for (const [
    household,
    hour,
    water,
    electricity,
    waterReadings,
    electricityReadings,
    waterMark,
    elecMark,
    inAlert,
  ] of await usage.json<
    [string, string, number, number, number, number, string | null, string | null, number]
  >()) {
    let rows = history.get(household);
    if (rows === undefined) {
      rows = [];
      history.set(household, rows);
    }
    rows.push({
      hour: epochMs(hour),
      water_m3: water,
      electricity_kwh: electricity,
      water_readings: waterReadings,
      electricity_readings: electricityReadings,
      // Hours of an inactivity alert stay out of the rhythm the rebuilt detector learns.
      in_alert: inAlert === 1 ? 1 : 0,
    });
    let marks = taken.get(household);
    if (marks === undefined) {
      marks = { water: undefined, electricity: undefined };
      taken.set(household, marks);
    }
    marks.water = higher(marks.water, waterMark);
    marks.electricity = higher(marks.electricity, elecMark);
  }

  const open = await client.query({
    query: `SELECT alert_id, type, severity, status, subject, district, grid, toString(since) AS since,
                   toString(opened_at) AS detected_at, evidence
            FROM alerts_current
            WHERE status = 'open'
              AND (type = 'meter_offline' OR (type IN ('utility_inactivity', 'water_running') AND ${inScope('subject')}))`,
    query_params: scopeParams,
    format: 'JSONEachRow',
  });
  const householdAlerts = new Map<string, Alert[]>();
  const offlineAlerts: Alert[] = [];
  for (const row of await open.json<StoredAlert>()) {
    const alert = alertFromRow(row);
    if (alert.type === 'meter_offline') offlineAlerts.push(alert);
    else householdAlerts.set(alert.subject, [...(householdAlerts.get(alert.subject) ?? []), alert]);
  }
  return { history, taken, householdAlerts, offlineAlerts };
}
