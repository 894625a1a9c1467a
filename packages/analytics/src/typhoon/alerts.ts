import type { Alert, AlertSeverity, RiskLevel } from '@onegrid/contracts';
import { alertId, isoCstSeconds } from '@onegrid/contracts';

/** A gauge threshold: 警戒 (warning) or 保证 (guaranteed). */
export type GaugeThreshold = 'warning' | 'guarantee';

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
    // Whole seconds in the id, as since the first release, so replays land on stored ids.
    alert_id: alertId({
      type: fields.type,
      subject: fields.subject,
      qualifier: fields.level,
      since: isoCstSeconds(fields.since),
    }),
    type: fields.type,
    severity: fields.severity,
    status,
    subject: fields.subject,
    district: fields.district,
    since: isoCstSeconds(fields.since),
    detected_at: isoCstSeconds(detectedAt),
    evidence,
  };
}
