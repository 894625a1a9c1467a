import type { Alert, AlertSeverity, RiskLevel } from '@onegrid/contracts';
import { isoCst } from './time.ts';

/** A gauge threshold: 警戒 (warning) or 保证 (guaranteed). */
export type GaugeThreshold = 'warning' | 'guarantee';

/**
 * `type:subject:level:since`: the same condition gets the same id in a replay, and a condition
 * that ends and begins again gets a new one.
 */
export function alertId(type: Alert['type'], subject: string, level: string, since: number): string {
  return `${type}:${subject}:${level}:${isoCst(since)}`;
}

/** Blue and yellow: act within the hour; orange and red: act now (see contracts' alerts.ts). */
export function levelSeverity(level: RiskLevel): AlertSeverity {
  return level === 'orange' || level === 'red' ? 'critical' : 'warning';
}

export function thresholdSeverity(threshold: GaugeThreshold): AlertSeverity {
  return threshold === 'guarantee' ? 'critical' : 'warning';
}

export interface AlertFields {
  type: Alert['type'];
  severity: AlertSeverity;
  subject: string;
  district: string;
  level: string;
  since: number;
}

/**
 * The open message of a condition, and its resolution: the same id, `since` and severity;
 * `detected_at` is the watermark when each status was detected.
 */
export function alertMessage(
  fields: AlertFields,
  status: Alert['status'],
  detectedAt: number,
  evidence: Record<string, unknown>,
): Alert {
  return {
    alert_id: alertId(fields.type, fields.subject, fields.level, fields.since),
    type: fields.type,
    severity: fields.severity,
    status,
    subject: fields.subject,
    district: fields.district,
    since: isoCst(fields.since),
    detected_at: isoCst(detectedAt),
    evidence,
  };
}
