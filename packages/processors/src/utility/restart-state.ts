import type { ClickHouseClient } from '@clickhouse/client';
import { type ReadingsTaken, type SeedRow, SNAPSHOT_VERSION } from '@onegrid/analytics/utility';
import type { Alert } from '@onegrid/contracts';
import { alertFromRow, type StoredAlert } from '@onegrid/store';
import { loadSnapshots, type StoredSnapshot } from './snapshot-state.ts';

/**
 * What a utility detector learnt before a restart, read back from the store: each household's
 * recent hourly usage (its rhythm is learnt from it) and the utility alerts still open (so none
 * is raised twice, and each can still be resolved). Households take theirs when first seen.
 */
export interface UtilityRestartState {
  /**
   * Hourly rows by household: all of the learning window, or, for a household with a snapshot,
   * those written at or after it. Taken (deleted) when the household is first seen.
   */
  readonly history: Map<string, SeedRow[]>;
  /** Snapshots by household (snapshot-state.ts); taken when the household is first seen. */
  readonly snapshots: Map<string, Uint8Array>;
  /** Oldest hour index of the learning window (the store's newest hour less `historyDays`). */
  readonly fromHour: number;
  /** Households whose snapshot could not be read: restored from their rows alone. */
  readonly unreadSnapshots: readonly string[];
  /** What each household's stored hours had taken in: replayed readings up to it are in them. */
  readonly taken: Map<string, ReadingsTaken>;
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
  options: { snapshots?: boolean } = {},
): Promise<UtilityRestartState> {
  const inScope = (column: string): string =>
    scope === undefined ? '1' : `kafkaMurmurHash(${column}) % {partitions:UInt32} = {partition:UInt32}`;
  const scopeParams = scope === undefined ? {} : { partition: scope.partition, partitions: scope.partitions };
  const useSnapshots = options.snapshots ?? true;
  const fromHour = await learningWindowStart(client, historyDays);
  const snapshotScope = `SELECT household_id, version FROM utility_state_snapshots FINAL
                         WHERE format = {format:UInt8} AND ${inScope('household_id')}`;
  const params = { from: Math.max(0, fromHour * 3600), format: SNAPSHOT_VERSION, ...scopeParams };
  // Rows first, then the snapshots: a snapshot is written after the rows it holds, so one read
  // second is at least as new as the one the rows were chosen by; rows older than it are dropped.
  // A household without a snapshot joins version 0 (join_use_nulls is off): all its rows.
  let rows = await readRows(
    client,
    useSnapshots ? `LEFT JOIN (${snapshotScope}) AS s ON u.household_id = s.household_id` : '',
    `${inScope('u.household_id')} ${useSnapshots ? 'AND u.version >= s.version' : ''}`,
    params,
  );
  const { snapshots, invalid } = useSnapshots
    ? await loadSnapshots(client, inScope('household_id'), params)
    : { snapshots: new Map<string, StoredSnapshot>(), invalid: [] };
  if (invalid.length > 0) {
    // A snapshot this version cannot read: its household's hours come from the rows alone.
    const unread = new Set(invalid);
    rows = rows.filter((r) => !unread.has(r[0]));
    rows.push(
      ...(await readRows(client, '', 'u.household_id IN {ids:Array(String)}', { ...params, ids: invalid })),
    );
  }
  const history = new Map<string, SeedRow[]>();
  const taken = new Map<string, ReadingsTaken>();
  for (const row of rows) {
    const snapshot = snapshots.get(row[0]);
    if (snapshot === undefined || Number(row[9]) >= snapshot.version) addRow(history, taken, row);
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
  return {
    history,
    snapshots: new Map([...snapshots].map(([household, s]) => [household, s.bytes])),
    fromHour,
    unreadSnapshots: invalid,
    taken,
    householdAlerts,
    offlineAlerts,
  };
}

type UsageRow = [
  string,
  string,
  number,
  number,
  number,
  number,
  string | null,
  string | null,
  number,
  string,
];

/** The store's newest hour less the learning window, as an hour index: the rows path's first hour. */
async function learningWindowStart(client: ClickHouseClient, historyDays: number): Promise<number> {
  const newest = await client.query({
    query: `SELECT toString(toUnixTimestamp(max(hour))) FROM household_usage_hourly`,
    format: 'JSONCompactEachRow',
  });
  const seconds = Number((await newest.json<[string]>())[0]?.[0] ?? 0);
  // Shanghai has no daylight saving: a day is always 24 hours.
  return seconds > 0 ? seconds / 3600 - historyDays * 24 : Number.NEGATIVE_INFINITY;
}

async function readRows(
  client: ClickHouseClient,
  join: string,
  where: string,
  params: Record<string, unknown>,
): Promise<UsageRow[]> {
  const usage = await client.query({
    // The alias must not be `hour`: it would shadow the column in WHERE (a String against a DateTime).
    query: `SELECT u.household_id, toString(u.hour) AS hour_local, u.water_m3, u.electricity_kwh, u.water_readings,
                   u.electricity_readings, toString(toUnixTimestamp64Milli(u.water_reading_through)),
                   toString(toUnixTimestamp64Milli(u.electricity_reading_through)), u.in_alert, toString(u.version)
            FROM household_usage_hourly AS u FINAL ${join}
            WHERE u.hour >= toDateTime({from:UInt32}) AND ${where}`,
    query_params: params,
    format: 'JSONCompactEachRow',
  });
  return usage.json<UsageRow>();
}

// Marks only grow (a meter's readings are taken in time order, and a rebuilt detector starts
// from the stored marks), so a household's highest are its newest emission's, which re-emitted
// every hour its new readings changed: they are among the rows FINAL keeps. Not the marks of
// the highest version: a replay may emit at a version its predecessor used, with higher marks.
const higher = (mark: number | undefined, text: string | null): number | undefined =>
  text === null ? mark : Math.max(mark ?? Number.NEGATIVE_INFINITY, Number(text));

function addRow(history: Map<string, SeedRow[]>, taken: Map<string, ReadingsTaken>, row: UsageRow): void {
  const [
    household,
    hour,
    water,
    electricity,
    waterReadings,
    electricityReadings,
    waterMark,
    elecMark,
    inAlert,
  ] = row;
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
