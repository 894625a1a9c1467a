import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { TimeRange } from '../http/time-range.ts';
import { selectRows } from './run.ts';

interface Row {
  alert_id: string;
  type: string;
  severity: string;
  status: string;
  subject: string;
  district: string;
  grid: string;
  since_ms: number;
  opened_ms: number;
  resolved_ms: number | null;
  evidence: string;
}

// Alerts active at some time in [from, to): begun before `to`, not resolved before `from`.
const SQL = `
SELECT alert_id, type, severity, status, subject, district, grid,
       toUnixTimestamp64Milli(since) AS since_ms, toUnixTimestamp64Milli(opened_at) AS opened_ms,
       if(resolved_at IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(resolved_at))) AS resolved_ms, evidence
FROM alerts_current
WHERE ({type:String} = '' OR type = {type:String})
  AND ({status:String} = '' OR status = {status:String})
  AND ({district:String} = '' OR district = {district:String})
  AND since < fromUnixTimestamp64Milli({to_ms:Int64})
  AND (resolved_at IS NULL OR resolved_at >= fromUnixTimestamp64Milli({from_ms:Int64}))
ORDER BY since DESC, alert_id
LIMIT {limit:UInt32}`;

export interface AlertFilter {
  readonly type: string;
  readonly status: string;
  readonly district: string;
  readonly range: TimeRange;
  readonly limit: number;
}

/** Alerts (latest status of each) matching the filter, newest first. */
export async function listAlerts(client: ClickHouseClient | undefined, filter: AlertFilter) {
  const rows = await selectRows<Row>(client, SQL, {
    type: filter.type,
    status: filter.status,
    district: filter.district,
    from_ms: filter.range.fromMs,
    to_ms: filter.range.toMs,
    limit: filter.limit,
  });
  return rows.map((r) => ({
    alert_id: r.alert_id,
    type: r.type,
    severity: r.severity,
    status: r.status,
    subject: r.subject,
    district: r.district,
    grid: r.grid === '' ? null : r.grid,
    since: isoCstMillis(r.since_ms),
    opened_at: isoCstMillis(r.opened_ms),
    resolved_at: r.resolved_ms === null ? null : isoCstMillis(r.resolved_ms),
    evidence: parseEvidence(r.evidence),
  }));
}

function parseEvidence(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
}
