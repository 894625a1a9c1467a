import type { ClickHouseClient } from '@clickhouse/client';
import type { SeedRow } from '@onegrid/analytics/utility';
import type { Alert } from '@onegrid/contracts';
import { alertFromRow, type StoredAlert } from '@onegrid/store';

/**
 * What a utility detector learnt before a restart, read back from the store: each household's
 * recent hourly usage (its rhythm is learnt from it) and the utility alerts still open (so none
 * is raised twice, and each can still be resolved). Households take theirs when first seen.
 */
export interface UtilityRestartState {
  readonly history: ReadonlyMap<string, SeedRow[]>;
  /** Open `utility_inactivity` and `water_running` alerts by household. */
  readonly householdAlerts: ReadonlyMap<string, Alert[]>;
  /** Open `meter_offline` alerts (a meter's or a whole grid's): every operator restores them all. */
  readonly offlineAlerts: readonly Alert[];
}

const epochMs = (local: string): number => Date.parse(`${local.replace(' ', 'T')}+08:00`);

export async function loadUtilityRestartState(
  client: ClickHouseClient,
  historyDays: number,
): Promise<UtilityRestartState> {
  const history = new Map<string, SeedRow[]>();
  const usage = await client.query({
    // The alias must not be `hour`: it would shadow the column in WHERE (a String against a DateTime).
    query: `SELECT household_id, toString(hour) AS hour_local, water_m3, electricity_kwh, water_readings, electricity_readings
            FROM household_usage_hourly FINAL
            WHERE hour >= (SELECT max(hour) FROM household_usage_hourly) - INTERVAL {days:UInt32} DAY`,
    query_params: { days: historyDays },
    format: 'JSONCompactEachRow',
  });
  for (const [household, hour, water, electricity, waterReadings, electricityReadings] of await usage.json<
    [string, string, number, number, number, number]
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
    });
  }

  const open = await client.query({
    query: `SELECT alert_id, type, severity, status, subject, district, grid, toString(since) AS since,
                   toString(opened_at) AS detected_at, evidence
            FROM alerts_current
            WHERE status = 'open' AND type IN ('utility_inactivity', 'water_running', 'meter_offline')`,
    format: 'JSONEachRow',
  });
  const householdAlerts = new Map<string, Alert[]>();
  const offlineAlerts: Alert[] = [];
  for (const row of await open.json<StoredAlert>()) {
    const alert = alertFromRow(row);
    if (alert.type === 'meter_offline') offlineAlerts.push(alert);
    else householdAlerts.set(alert.subject, [...(householdAlerts.get(alert.subject) ?? []), alert]);
  }
  return { history, householdAlerts, offlineAlerts };
}
