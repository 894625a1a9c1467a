/**
 * Alerts as the contract wants them. Ids are made of type, subject and `since`, so a replay
 * raises the same ids. Evidence is built here from named, non-personal fields only: a registry
 * record's `contacts` and names never reach it, whatever the caller passes.
 */
import type { Alert, AlertSeverity, AlertType, Household } from '@onegrid/contracts';
import { alertId, isoCst } from '@onegrid/contracts';

/** What the detectors keep of a registry record: no contacts, no names. */
export type HouseholdInfo = Pick<
  Household,
  'household_id' | 'district' | 'grid' | 'lives_alone' | 'grid_worker'
> & {
  // Read only: a processor's registry shares one tag list among households.
  readonly vulnerable?: readonly string[];
};

/** Where an alert belongs: district, grid and grid worker (an id, not personal data). */
export interface Place {
  district: string;
  grid: string;
  gridWorker: string | undefined;
}

export const placeOf = (info: HouseholdInfo): Place => ({
  district: info.district,
  grid: info.grid,
  gridWorker: info.grid_worker,
});

/** Someone who lives alone and is elderly or otherwise vulnerable: nobody else would notice. */
export const isAtRisk = (info: HouseholdInfo): boolean =>
  info.lives_alone === true && (info.vulnerable?.length ?? 0) > 0;

/**
 * Whether a utility_inactivity alert for this household should reach a grid worker: someone who
 * lives alone (nobody else would notice a fall) or a resident the registry tags as vulnerable.
 * When water and electricity stop in a couple's or a family's flat, everyone is out. A household
 * whose registry record is missing (not arrived yet: feeds are independent), or does not say
 * whether the person lives alone, is treated as at risk.
 */
export const inInactivityScope = (info: HouseholdInfo | undefined): boolean =>
  // Out of scope only when the record says so: not alone (stated, not missing) and no tag.
  info?.lives_alone !== false || (info.vulnerable?.length ?? 0) > 0;

export interface AlertInput {
  type: AlertType;
  severity: AlertSeverity;
  subject: string;
  place: Place;
  since: number;
  detectedAt: number;
  evidence: Record<string, unknown>;
}

export function openAlert(a: AlertInput): Alert {
  return {
    // `since` as isoCst text, as utility ids always were (alerts.test.ts pins them).
    alert_id: alertId({ type: a.type, subject: a.subject, since: isoCst(a.since) }),
    type: a.type,
    severity: a.severity,
    status: 'open',
    subject: a.subject,
    district: a.place.district,
    grid: a.place.grid,
    since: isoCst(a.since),
    detected_at: isoCst(a.detectedAt),
    evidence: { ...a.evidence, grid_worker: a.place.gridWorker ?? null },
  };
}

/** The same alert, resolved: `detected_at` is the watermark that saw the condition end. */
export function resolveAlert(open: Alert, detectedAt: number, evidence: Record<string, unknown>): Alert {
  return {
    ...open,
    status: 'resolved',
    detected_at: isoCst(detectedAt),
    evidence: { ...open.evidence, ...evidence },
  };
}
