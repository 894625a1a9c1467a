import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { KPI_AGGREGATES, type KpiAggregates, kpiValues } from '../queries/ticket-kpis.ts';
import { AS_OF, LIVE_AS_OF_MS, type Polled, rows } from './poll.ts';

// Tickets reported in the 24 hours up to the newest report (event time), per district and in all.
// A ticket row holds its latest state; as of a past time (a replay) the steps after it are
// masked, so a ticket resolved later counts as open then and overdue once past its deadline.
// Live, every column is the stored one (`live OR`: a rating stored without its `rated_at`
// still counts, as the pushed ticket model counts it).
const SQL = `
WITH (SELECT max(reported_at) FROM tickets WHERE reported_at <= ${AS_OF}) AS newest,
     ${AS_OF} AS t, {as_of:Int64} >= ${LIVE_AS_OF_MS} AS live
SELECT district, grouping(district) AS is_total, toUnixTimestamp64Milli(assumeNotNull(newest)) AS newest_ms,${KPI_AGGREGATES}
FROM (SELECT tk.district AS district,
             if(tk.first_resolved_at <= t, tk.first_resolved_at, NULL) AS first_resolved_at,
             if(tk.closed_at <= t, tk.closed_at, NULL) AS closed_at,
             if(tk.cancelled_at <= t, tk.cancelled_at, NULL) AS cancelled_at,
             if(live, tk.overdue, (tk.first_resolved_at IS NULL OR tk.first_resolved_at > t)
               AND (tk.cancelled_at IS NULL OR tk.cancelled_at > t) AND ifNull(tk.deadline < t, false)) AS overdue,
             if(live OR tk.first_resolved_at <= t, tk.on_time, if(tk.deadline < t, false, NULL)) AS on_time,
             if(live OR tk.rated_at <= t, tk.satisfaction, NULL) AS satisfaction,
             if(tk.first_resolved_at <= t, tk.resolve_s, NULL) AS resolve_s,
             if(live OR tk.accepted_at <= t, tk.accept_s, NULL) AS accept_s
      FROM tickets AS tk FINAL
      WHERE tk.reported_at > newest - INTERVAL 24 HOUR AND tk.reported_at <= t AND tk.district != '')
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
export async function pollTickets(client: ClickHouseClient, asOfMs?: number): Promise<Polled<'tickets'>> {
  const result = await rows<KpiAggregates & { district: string; is_total: number; newest_ms: number }>(
    client,
    SQL,
    asOfMs,
  );
  const data: Record<string, ChannelValue<'tickets'>> = { all: { ...kpiValues(EMPTY), window: '24h' } };
  for (const row of result)
    data[row.is_total === 1 ? 'all' : row.district] = { ...kpiValues(row), window: '24h' };
  const newest = result[0]?.newest_ms;
  return { channel: 'tickets', data, asOf: newest === undefined ? undefined : isoCstMillis(newest) };
}
