import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { AS_OF, type Polled, rows } from '../live/poll.ts';

// Live, `risk` and `alerts` come from Kafka (the main job publishes each score and alert as it
// comes); in a replay they come from the tables those topics are stored in, as of a time.

// Each district's latest score at or before the bound, and its name (the live feed adds it too).
const RISK = `
SELECT r.district AS district, toUnixTimestamp64Milli(r.ts) AS ts_ms, r.score AS score, r.level AS level,
       r.wind AS wind, r.rain AS rain, r.water AS water, r.exposure AS exposure, d.name_zh AS name
FROM (SELECT district, ts, score, level, wind, rain, water, exposure FROM risk_scores FINAL
      WHERE ts <= ${AS_OF} ORDER BY district, ts DESC LIMIT 1 BY district) AS r
LEFT JOIN districts AS d ON d.code = r.district
ORDER BY district
SETTINGS join_use_nulls = 0`;

// Each alert's latest status raised at or before the bound (resolved wins over open at the same
// time, as in alerts_current); kept while open or resolved within the hour, as the live feed does.
const ALERTS = `
SELECT alert_id, type, severity, status, subject, district, grid, toUnixTimestamp64Milli(since) AS since_ms,
       toUnixTimestamp64Milli(detected_at) AS detected_ms,
       if(raised_at IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(raised_at))) AS raised_ms, evidence
FROM (SELECT * FROM alerts WHERE detected_at <= ${AS_OF}
      ORDER BY alert_id, status = 'resolved' DESC, detected_at DESC LIMIT 1 BY alert_id)
WHERE status = 'open' OR detected_at > ${AS_OF} - INTERVAL 1 HOUR
ORDER BY alert_id`;

interface RiskRow {
  district: string;
  ts_ms: number;
  score: number;
  level: ChannelValue<'risk'>['level'];
  wind: number;
  rain: number;
  water: number;
  exposure: number;
  name: string;
}

interface AlertRow {
  alert_id: string;
  type: ChannelValue<'alerts'>['type'];
  severity: ChannelValue<'alerts'>['severity'];
  status: ChannelValue<'alerts'>['status'];
  subject: string;
  district: string;
  grid: string;
  since_ms: number;
  detected_ms: number;
  raised_ms: number | null;
  evidence: string;
}

/** `risk` as of `asOfMs`: each district's latest score then. */
export async function riskAsOf(client: ClickHouseClient, asOfMs: number): Promise<Polled<'risk'>> {
  const result = await rows<RiskRow>(client, RISK, asOfMs);
  const data: Record<string, ChannelValue<'risk'>> = {};
  let newest = Number.NEGATIVE_INFINITY;
  for (const r of result) {
    newest = Math.max(newest, r.ts_ms);
    data[r.district] = {
      district: r.district,
      ts: isoCstMillis(r.ts_ms),
      score: r.score,
      level: r.level,
      components: { wind: r.wind, rain: r.rain, water: r.water, exposure: r.exposure },
      name: r.name,
    };
  }
  return { channel: 'risk', data, asOf: Number.isFinite(newest) ? isoCstMillis(newest) : undefined };
}

function evidenceOf(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { value: parsed };
  } catch {
    // Stored evidence is the processors' JSON; a row that is not is shown, not dropped.
    return { unparsed: text.slice(0, 200) };
  }
}

/** `alerts` as of `asOfMs`: open then, or resolved within the hour before. */
export async function alertsAsOf(client: ClickHouseClient, asOfMs: number): Promise<Polled<'alerts'>> {
  const result = await rows<AlertRow>(client, ALERTS, asOfMs);
  const data: Record<string, ChannelValue<'alerts'>> = {};
  let newest = Number.NEGATIVE_INFINITY;
  for (const a of result) {
    newest = Math.max(newest, a.detected_ms);
    data[a.alert_id] = {
      alert_id: a.alert_id,
      type: a.type,
      severity: a.severity,
      status: a.status,
      subject: a.subject,
      district: a.district,
      ...(a.grid === '' ? {} : { grid: a.grid }),
      since: isoCstMillis(a.since_ms),
      detected_at: isoCstMillis(a.detected_ms),
      ...(a.raised_ms === null ? {} : { raised_at: isoCstMillis(a.raised_ms) }),
      evidence: evidenceOf(a.evidence),
    };
  }
  return { channel: 'alerts', data, asOf: Number.isFinite(newest) ? isoCstMillis(newest) : undefined };
}
