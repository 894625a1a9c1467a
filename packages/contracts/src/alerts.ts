import { z } from 'zod';
import { districtCode, id } from './fields.ts';
import { timestamp } from './time.ts';

export const alertType = z.enum([
  'utility_inactivity', // usage stopped while readings keep arriving: a person may be in danger
  'water_running', // water flowing without pause for hours: a tap left on, a burst pipe
  'meter_offline', // no readings: a device problem, not a person
  'water_level', // a gauge above its warning or guaranteed level
  'typhoon_risk', // a district entering a higher risk level
  'ticket_overdue', // a ticket or a summoned department past its time limit
  'gauge_fault', // a gauge or station stuck, silent or sending impossible values: maintenance, not a hazard
]);

/**
 * How fast someone must act. A detector picks the severity; the gateway decides whom to call.
 * - `critical`: act now, a life or property may be at stake (utility_inactivity of a vulnerable
 *   person, a level at or above the guaranteed level, a district entering orange or red).
 * - `warning`: act within the hour (water_running, a level above the warning level, an overdue
 *   ticket, a district entering blue or yellow).
 * - `info`: for the record and the duty officer's screen, nobody is called (meter_offline).
 */
export const alertSeverity = z.enum(['info', 'warning', 'critical']);

/**
 * How deep `evidence` may nest (the detectors' own go 3 levels). A size limit alone does not bound
 * it: 12 KB of `[[[…]]]` is 6,000 levels, and every reader that stringifies or walks the alert
 * recursively (the screens' feed) would overflow its stack on it.
 */
export const EVIDENCE_MAX_DEPTH = 8;

/** Whether `value` nests arrays and objects at most `max` levels deep (iterative: no recursion). */
function nestedAtMost(value: unknown, max: number): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.v !== 'object' || item.v === null) continue;
    if (item.depth >= max) return false;
    for (const child of Object.values(item.v)) stack.push({ v: child, depth: item.depth + 1 });
  }
  return true;
}

/** `open` while the condition holds; `resolved`, with the same `alert_id`, when it ends. */
export const alertStatus = z.enum(['open', 'resolved']);

/**
 * `onegrid.alerts` (key `subject`): what the alert gateway consumes. One condition is one alert:
 * one `open`, then one `resolved`, no repeats while it holds. `since` and `detected_at` are event
 * times (a replay gives the same values); `raised_at` is wall-clock. `evidence` is free-form but
 * must not carry personal data in clear.
 */
export const alertSchema = z
  .object({
    alert_id: id,
    type: alertType,
    severity: alertSeverity,
    status: alertStatus,
    subject: id.describe('what the alert is about: a household, meter, gauge, district or ticket id'),
    district: districtCode,
    grid: id.optional().describe('grid (网格) id when the subject belongs to one'),
    since: timestamp.describe('when the condition began, by event time'),
    detected_at: timestamp.describe('the watermark (event time) when onegrid raised the alert'),
    raised_at: timestamp.optional().describe('wall-clock time when onegrid raised the alert'),
    evidence: z
      .record(z.string(), z.unknown())
      .refine((e) => nestedAtMost(e, EVIDENCE_MAX_DEPTH), {
        message: `evidence nested deeper than ${EVIDENCE_MAX_DEPTH} levels`,
      })
      .describe('what the detector saw; no personal data'),
  })
  .meta({ title: 'Alert', description: 'An alert raised or resolved by onegrid.' });

export type Alert = z.output<typeof alertSchema>;
export type AlertType = z.output<typeof alertType>;
export type AlertSeverity = z.output<typeof alertSeverity>;

/** What names one alert: one condition of one subject, from the event time it began. */
export interface AlertIdParts {
  readonly type: Alert['type'];
  /** The alert's `subject`. */
  readonly subject: string;
  /** What distinguishes two conditions of one subject and type, e.g. the gauge threshold crossed. */
  readonly qualifier?: string;
  /**
   * When the condition began, as that detector has always written it into its ids (text from
   * `isoCst`/`isoCstSeconds`, or epoch ms): changing it would give stored alerts new ids on a replay.
   */
  readonly since: string | number;
}

/**
 * The one `alert_id` form, `type:subject[:qualifier]:since`: a replay of the same condition gets
 * the same id (the gateway deduplicates on it), a condition that ends and begins again a new one.
 */
export function alertId(parts: AlertIdParts): string {
  const { type, subject, qualifier, since } = parts;
  return qualifier === undefined ? `${type}:${subject}:${since}` : `${type}:${subject}:${qualifier}:${since}`;
}
