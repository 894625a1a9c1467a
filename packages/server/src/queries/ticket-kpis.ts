import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { TimeRange } from '../http/time-range.ts';
import { selectRows } from './run.ts';

export const KPI_GROUPS = ['district', 'department', 'category'] as const;
export const KPI_BUCKETS = ['hour', 'day', 'week'] as const;
export type KpiGroup = (typeof KPI_GROUPS)[number];
export type KpiBucket = (typeof KPI_BUCKETS)[number];

// Group column and bucket function come from these fixed tables, chosen by a validated enum:
// no caller text ever reaches the SQL. Aggregates are aliased `*_n` so no alias shadows a column.
const GROUP_COLUMN: Record<KpiGroup, string> = {
  district: 'district',
  department: 'department',
  category: 'category',
};
const BUCKET_START: Record<KpiBucket, string> = {
  hour: 'toStartOfHour(assumeNotNull(reported_at))',
  day: 'toStartOfDay(assumeNotNull(reported_at))',
  week: 'toMonday(assumeNotNull(reported_at))',
};

interface Row {
  bucket_ms: number;
  key: string;
  reported_n: number;
  resolved_n: number;
  open_n: number;
  overdue_n: number;
  on_time_n: number;
  late_n: number;
  rated_n: number;
  satisfied_n: number;
  p50_response_s: number | null;
  p90_response_s: number | null;
  p50_accept_s: number | null;
}

/** The KPI aggregates over `tickets` rows, shared with the live `tickets` channel. */
export const KPI_AGGREGATES = `
       count() AS reported_n,
       countIf(first_resolved_at IS NOT NULL) AS resolved_n,
       countIf(first_resolved_at IS NULL AND closed_at IS NULL AND cancelled_at IS NULL) AS open_n,
       countIf(overdue) AS overdue_n,
       countIf(on_time = true) AS on_time_n,
       countIf(on_time = false) AS late_n,
       countIf(satisfaction IS NOT NULL) AS rated_n,
       countIf(satisfaction >= 4) AS satisfied_n,
       quantileExactIf(0.5)(resolve_s, resolve_s IS NOT NULL) AS p50_response_s,
       quantileExactIf(0.9)(resolve_s, resolve_s IS NOT NULL) AS p90_response_s,
       quantileExactIf(0.5)(accept_s, accept_s IS NOT NULL) AS p50_accept_s`;

export type KpiAggregates = Omit<Row, 'bucket_ms' | 'key'>;

/** Counts, rates (null when nothing counts towards them) and percentiles from the aggregates. */
export function kpiValues(r: KpiAggregates) {
  return {
    reported: r.reported_n,
    resolved: r.resolved_n,
    open: r.open_n,
    overdue: r.overdue_n,
    on_time_rate: ratio(r.on_time_n, r.on_time_n + r.late_n),
    satisfaction_rate: ratio(r.satisfied_n, r.rated_n),
    p50_response_s: finite(r.p50_response_s),
    p90_response_s: finite(r.p90_response_s),
  };
}

function sql(group: KpiGroup, bucket: KpiBucket): string {
  return `
SELECT toUnixTimestamp(toDateTime(${BUCKET_START[bucket]})) * 1000 AS bucket_ms,
       ${GROUP_COLUMN[group]} AS key,${KPI_AGGREGATES}
FROM tickets FINAL
WHERE reported_at >= fromUnixTimestamp64Milli({from_ms:Int64}) AND reported_at < fromUnixTimestamp64Milli({to_ms:Int64})
GROUP BY bucket_ms, key
ORDER BY bucket_ms, key`;
}

/**
 * Ticket KPIs per time bucket and group over tickets reported in the range. Rates are null
 * when nothing counts towards them (no ticket decided on time or late, none rated).
 */
export async function ticketKpis(
  client: ClickHouseClient | undefined,
  args: { range: TimeRange; group: KpiGroup; bucket: KpiBucket },
) {
  const rows = await selectRows<Row>(client, sql(args.group, args.bucket), {
    from_ms: args.range.fromMs,
    to_ms: args.range.toMs,
  });
  return rows.map((r) => ({
    bucket: isoCstMillis(r.bucket_ms),
    [args.group]: r.key,
    ...kpiValues(r),
    p50_accept_s: finite(r.p50_accept_s),
    // The rates' numerators and denominators, so a wall adding rows up gets exact rates.
    on_time: r.on_time_n,
    late: r.late_n,
    rated: r.rated_n,
    satisfied: r.satisfied_n,
  }));
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const finite = (value: number | null) => (value === null || !Number.isFinite(value) ? null : value);
