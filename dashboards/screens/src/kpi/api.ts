/*
 * `GET /api/tickets/kpis?from&to&group&bucket` (shared-spec B), as the server answers it
 * (packages/server/src/queries/ticket-kpis.ts). The shape is written out here because the
 * server builds it from SQL rows rather than a schema; API.md says what the wall relies on.
 */

import { OnegridError } from '@onegrid/errors';

export type KpiGroup = 'district' | 'department' | 'category';
export type KpiBucket = 'hour' | 'day' | 'week';

export interface KpiRow {
  /** Start of the bucket, ISO with +08:00. */
  readonly bucket: string;
  readonly district?: string;
  readonly department?: string;
  readonly category?: string;
  readonly reported: number;
  readonly resolved: number;
  readonly open: number;
  readonly overdue: number;
  readonly on_time_rate: number | null;
  readonly satisfaction_rate: number | null;
  readonly p50_response_s: number | null;
  readonly p90_response_s: number | null;
  readonly p50_accept_s?: number | null;
  /** Denominators, when the server sends them: rates then aggregate exactly. */
  readonly on_time?: number;
  readonly late?: number;
  readonly rated?: number;
  readonly satisfied?: number;
}

export interface KpiResponse {
  readonly group: KpiGroup;
  readonly bucket: KpiBucket;
  readonly rows: readonly KpiRow[];
}

/** The KPI route answered other than 200; retriable when the server says a retry may help. */
export class KpiRequestError extends OnegridError<'KPI_REQUEST_FAILED'> {
  readonly status: number;
  constructor(message: string, status: number) {
    super('KPI_REQUEST_FAILED', message, { retriable: status === 429 || status >= 502 });
    this.status = status;
  }
}

export function kpiUrl(q: { from: number; to: number; group: KpiGroup; bucket: KpiBucket }): string {
  const params = new URLSearchParams({
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    group: q.group,
    bucket: q.bucket,
  });
  return `/api/tickets/kpis?${params}`;
}

/** The token goes in the Authorization header: the server takes a token in a URL from the display role only. */
export async function fetchKpis(
  url: string,
  token: string | null,
  signal: AbortSignal,
): Promise<KpiResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { signal, headers });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = (await response.json()) as { error?: { message?: string }; message?: string };
      detail = body.error?.message ?? body.message ?? detail;
    } catch {
      // The status says enough when the body is not JSON.
    }
    throw new KpiRequestError(`工单指标接口 ${response.status}: ${detail}`, response.status);
  }
  const body = (await response.json()) as Partial<KpiResponse>;
  if (!Array.isArray(body.rows)) throw new KpiRequestError('工单指标接口返回格式不符（缺少 rows）', 502);
  return body as KpiResponse;
}
