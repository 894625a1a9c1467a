import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { KPI_AGGREGATES, type KpiAggregates, kpiValues } from '../queries/ticket-kpis.ts';
import { type Polled, rows } from './poll.ts';

// Tickets reported in the 24 hours up to the newest report (event time), per district and in all.
const SQL = `
WITH (SELECT max(reported_at) FROM tickets) AS newest
SELECT district, grouping(district) AS is_total, toUnixTimestamp64Milli(assumeNotNull(newest)) AS newest_ms,${KPI_AGGREGATES}
FROM tickets FINAL
WHERE reported_at > newest - INTERVAL 24 HOUR AND district != ''
GROUP BY district WITH ROLLUP`;

const EMPTY: KpiAggregates = {
  reported_n: 0,
  resolved_n: 0,
  open_n: 0,
  overdue_n: 0,
  on_time_n: 0,
  late_n: 0,
  rated_n: 0,
  satisfied_n: 0,
  p50_response_s: null,
  p90_response_s: null,
  p50_accept_s: null,
};

/** `tickets`: `all` and each district's KPIs over the last 24 hours. */
export async function pollTickets(client: ClickHouseClient): Promise<Polled<'tickets'>> {
  const result = await rows<KpiAggregates & { district: string; is_total: number; newest_ms: number }>(
    client,
    SQL,
  );
  const data: Record<string, ChannelValue<'tickets'>> = { all: { ...kpiValues(EMPTY), window: '24h' } };
  for (const row of result)
    data[row.is_total === 1 ? 'all' : row.district] = { ...kpiValues(row), window: '24h' };
  const newest = result[0]?.newest_ms;
  return { channel: 'tickets', data, asOf: newest === undefined ? undefined : isoCstMillis(newest) };
}
