import type { Alert } from '@onegrid/contracts';
import type { HourlyDetector } from './detector.ts';
import type { HouseholdUsageHour, ReadingsTaken } from './hourly.ts';
import { HOUR } from './time.ts';
import { ringHoursFor } from './usage-ring.ts';

// What a store keeps of a detector's outputs, and a detector rebuilt from it, for the restart
// tests and scripts/restart-utility.ts: in process, as the processor's store and restore
// (`loadUtilityRestartState`, `UtilityModel`) do it through ClickHouse.

/** The newest row per household hour (by version), every alert status in the order published. */
export interface OutputStore {
  readonly rows: Map<string, HouseholdUsageHour>;
  readonly alerts: Alert[];
}

export const emptyStore = (): OutputStore => ({ rows: new Map(), alerts: [] });

/** Keeps what one `advance` published. */
export function keep(store: OutputStore, out: { alerts: Alert[]; hourly: HouseholdUsageHour[] }): void {
  store.alerts.push(...out.alerts);
  for (const row of out.hourly) {
    const key = `${row.household_id}|${row.hour}`;
    const old = store.rows.get(key);
    if (old === undefined || row.version >= old.version) store.rows.set(key, row);
  }
}

/**
 * Seeds `d` (a fresh detector) from `store`: each household's rows of the ring's span with their
 * reading marks; its open alerts (meter_offline first, as the processor does) and each
 * household's newest inactivity alert resolved within the span.
 */
export function restoreFrom<D extends HourlyDetector<unknown>>(d: D, store: OutputStore): D {
  let newest = Number.NEGATIVE_INFINITY;
  for (const row of store.rows.values()) newest = Math.max(newest, Date.parse(row.hour));
  const fromHour = newest / HOUR - ringHoursFor(d.config.historyDays);
  const byHousehold = new Map<string, HouseholdUsageHour[]>();
  for (const row of store.rows.values()) {
    if (Date.parse(row.hour) / HOUR < fromHour) continue;
    const rows = byHousehold.get(row.household_id) ?? [];
    rows.push(row);
    byHousehold.set(row.household_id, rows);
  }
  for (const [id, rows] of byHousehold) {
    rows.sort((a, b) => a.hour.localeCompare(b.hour));
    const mark = (k: 'water_reading_through' | 'electricity_reading_through') => {
      let m: number | undefined;
      for (const r of rows) if (r[k] != null) m = Math.max(m ?? Number.NEGATIVE_INFINITY, Date.parse(r[k]));
      return m;
    };
    const taken: ReadingsTaken = {
      water: mark('water_reading_through'),
      electricity: mark('electricity_reading_through'),
    };
    d.seedHistory(id, rows, taken);
  }
  // The latest status of each alert (resolved wins), and each household's newest resolved inactivity one.
  const latest = new Map<string, Alert>();
  for (const a of store.alerts) {
    const old = latest.get(a.alert_id);
    if (old === undefined || old.status !== 'resolved') latest.set(a.alert_id, a);
  }
  const open = [...latest.values()].filter((a) => a.status === 'open');
  const resolved = new Map<string, Alert>();
  for (const a of store.alerts)
    if (
      a.type === 'utility_inactivity' &&
      a.status === 'resolved' &&
      Date.parse(a.detected_at) >= fromHour * HOUR
    ) {
      const old = resolved.get(a.subject);
      if (old === undefined || Date.parse(a.detected_at) >= Date.parse(old.detected_at))
        resolved.set(a.subject, a);
    }
  d.restoreAlerts(open.filter((a) => a.type === 'meter_offline'));
  d.restoreAlerts([...open.filter((a) => a.type !== 'meter_offline'), ...resolved.values()]);
  return d;
}
