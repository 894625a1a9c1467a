import { type Alert, alertSchema, type RiskScore } from '@onegrid/contracts';

/** onegrid.alerts → alerts. `evidence` is stored as JSON text. */
export function alertRow(a: Alert) {
  return {
    alert_id: a.alert_id,
    type: a.type,
    severity: a.severity,
    status: a.status,
    subject: a.subject,
    district: a.district,
    grid: a.grid ?? '',
    since: a.since,
    detected_at: a.detected_at,
    raised_at: a.raised_at ?? null,
    evidence: JSON.stringify(a.evidence),
  };
}

/** A stored alert row, times as ClickHouse prints them (`2026-09-14 08:15:00.000`, Asia/Shanghai). */
export interface StoredAlert {
  readonly alert_id: string;
  readonly type: string;
  readonly severity: string;
  readonly status: string;
  readonly subject: string;
  readonly district: string;
  readonly grid: string;
  readonly since: string;
  readonly detected_at: string;
  readonly evidence: string;
}

/** The inverse of `alertRow`: a stored row back as the contract's message (validated). */
export function alertFromRow(row: StoredAlert): Alert {
  const iso = (local: string) => `${local.replace(' ', 'T').slice(0, 23)}+08:00`;
  return alertSchema.parse({
    ...row,
    grid: row.grid === '' ? undefined : row.grid,
    since: iso(row.since),
    detected_at: iso(row.detected_at),
    evidence: JSON.parse(row.evidence) as unknown,
  });
}

/** onegrid.risk-scores → risk_scores. The four named components become columns. */
export function riskScoreRow(r: RiskScore) {
  return {
    district: r.district,
    ts: r.ts,
    score: r.score,
    level: r.level,
    wind: r.components.wind,
    rain: r.components.rain,
    water: r.components.water,
    exposure: r.components.exposure,
    // Migration 0016: a feed of the district was silent (see the typhoon README); 0 when the
    // producer says nothing of it.
    weather_missing: r.components.weather_missing === 1 ? 1 : 0,
    water_missing: r.components.water_missing === 1 ? 1 : 0,
    // Migration 0025: the advisories' wind circles (issue 18).
    forecast: r.components.forecast ?? 0,
    forecast_missing: r.components.forecast_missing === 1 ? 1 : 0,
  };
}

/** A message that failed the contract, as the processor saw it. */
export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** When the processor read it: ISO-8601 with offset, or epoch ms. */
  readonly receivedAt: string | number;
  /** The decode error or the processor's refusal (DECODE_ERRORS codes for onegrid's processors). */
  readonly error: { readonly code: string; readonly reason: string };
  /** Size of the original value in bytes; the value itself is not stored (it may hold personal data). */
  readonly bytes: number;
  readonly processor: string;
}

/** A dead letter → dead_letters: the reason, never the original bytes. */
export function deadLetterRow(d: DeadLetter) {
  return {
    topic: d.topic,
    partition: d.partition,
    offset: d.offset,
    received_at: typeof d.receivedAt === 'number' ? new Date(d.receivedAt).toISOString() : d.receivedAt,
    code: d.error.code,
    reason: d.error.reason,
    bytes: d.bytes,
    processor: d.processor,
  };
}

export type AlertRow = ReturnType<typeof alertRow>;
export type RiskScoreRow = ReturnType<typeof riskScoreRow>;
export type DeadLetterRow = ReturnType<typeof deadLetterRow>;
