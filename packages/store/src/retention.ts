import type { ClickHouseClient } from '@clickhouse/client';
import { StoreError } from './errors.ts';

/**
 * Retention (TTL) per table, set after the migrations rather than in them, so each deployment
 * picks its own: the migrations create tables that keep everything. The expression is the
 * event time of a row; `toDateTime` because TTL cannot read DateTime64.
 */
export const RETENTION_COLUMNS = {
  meter_readings: 'toDateTime(ts)',
  weather_observations: 'toDateTime(ts)',
  water_levels: 'toDateTime(ts)',
  ticket_events: 'toDateTime(ts)',
  evacuation_events: 'toDateTime(ts)',
  resource_events: 'toDateTime(ts)',
  late_events: 'toDateTime(event_time)',
  dead_letters: 'toDateTime(received_at)',
  risk_scores: 'toDateTime(ts)',
  household_usage_hourly: 'hour',
  water_levels_5m: 'bucket',
  weather_station_hourly: 'hour',
} as const;

export type RetentionTable = keyof typeof RETENTION_COLUMNS;

/** Days to keep per table; 0 keeps everything (removes the TTL). */
export type RetentionPolicy = Partial<Record<RetentionTable, number>>;

const isRetentionTable = (name: string): name is RetentionTable => Object.hasOwn(RETENTION_COLUMNS, name);

/** Reads `meter_readings=400,late_events=30` (the ONEGRID_RETENTION_DAYS format). */
export function parseRetention(text: string): RetentionPolicy {
  const policy: RetentionPolicy = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [table = '', days = ''] = part.split('=').map((s) => s.trim());
    if (!isRetentionTable(table)) {
      throw new StoreError(
        'RETENTION_INVALID',
        `retention "${part}": no table ${table}; expected one of ${Object.keys(RETENTION_COLUMNS).join(', ')}`,
      );
    }
    if (!/^\d+$/.test(days))
      throw new StoreError('RETENTION_INVALID', `retention "${part}": expected whole days ≥ 0`);
    policy[table] = Number(days);
  }
  return policy;
}

/**
 * The ALTER statements of a policy. On a cluster, pass `cluster`: TTLs belong to the local
 * replicated tables. Existing parts are not rewritten at once (materialize_ttl_after_modify = 0
 * when applied): rows past their TTL go at the next merge, or run ALTER TABLE … MATERIALIZE TTL.
 */
export function retentionStatements(policy: RetentionPolicy, options: { cluster?: string } = {}): string[] {
  return Object.entries(policy).map(([table, days]) => {
    const target = options.cluster === undefined ? table : `${table}_local ON CLUSTER ${options.cluster}`;
    if (days === 0) return `ALTER TABLE ${target} REMOVE TTL`;
    return `ALTER TABLE ${target} MODIFY TTL ${RETENTION_COLUMNS[table as RetentionTable]} + INTERVAL ${days} DAY`;
  });
}

/** Applies a policy; returns the statements run (removing a TTL a table does not have is skipped). */
export async function applyRetention(client: ClickHouseClient, policy: RetentionPolicy): Promise<string[]> {
  const applied: string[] = [];
  for (const [table, days] of Object.entries(policy)) {
    if (days === 0 && !(await hasTtl(client, table))) continue;
    for (const query of retentionStatements({ [table]: days })) {
      await client.command({ query, clickhouse_settings: { materialize_ttl_after_modify: 0 } });
      applied.push(query);
    }
  }
  return applied;
}

async function hasTtl(client: ClickHouseClient, table: string): Promise<boolean> {
  const result = await client.query({
    query:
      'SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
    query_params: { table },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ q: string }>();
  return /\sTTL\s/.test(row?.q ?? '');
}
