/**
 * Scores a detector's alerts against the simulator's planted truth. Pure: alerts as contract
 * `Alert`s, truth as parsed JSON lines.
 *
 * Definitions (utility_inactivity), over the scored window [scenario start, end):
 * - planted: incidents whose onset (`from`) lies in the window;
 * - an alert counts if it was open at some time in the window (raised before its end and not
 *   resolved before its start): a false alarm raised during warm-up and still open is counted;
 * - true positive: the first alert on an incident household raised at or after the onset;
 *   delay = detected_at − onset. Later alerts on the same incident are repeats;
 * - false alarm: every other counted alert, including one raised before the onset;
 * - precision = TP / (TP + false alarms); recall = detected / planted;
 * - false alarms per household per month = false alarms / households / (window / 30 days).
 */
import type { Alert, AlertType } from '@onegrid/contracts';
import { toEpochMs } from '@onegrid/contracts';
import { quantile } from 'simple-statistics';
import { HOUR } from './time.ts';
import { readTruth, type Truth } from './truth.ts';

const MONTH = 30 * 24 * HOUR;

export interface InactivityScore {
  planted: number;
  detected: number;
  missed: string[];
  falseAlarms: number;
  /** False alarms by what the subject really was: travel, low_usage, incident (before onset), water_running, none. */
  falseAlarmsBy: Record<string, number>;
  repeats: number;
  precision: number;
  recall: number;
  falseAlarmsPerHouseholdMonth: number;
  medianDelayH: number;
  p90DelayH: number;
}

interface Raised {
  alert: Alert;
  at: number;
  resolvedAt: number;
}

/** Open records of one type with when each was resolved (Infinity: never), first raised first. */
export function raisedAlerts(alerts: readonly Alert[], type: AlertType): Raised[] {
  const resolved = new Map<string, number>();
  for (const a of alerts)
    if (a.type === type && a.status === 'resolved') resolved.set(a.alert_id, toEpochMs(a.detected_at));
  const seen = new Set<string>();
  const out: Raised[] = [];
  for (const a of alerts) {
    if (a.type !== type || a.status !== 'open' || seen.has(a.alert_id)) continue;
    seen.add(a.alert_id);
    out.push({
      alert: a,
      at: toEpochMs(a.detected_at),
      resolvedAt: resolved.get(a.alert_id) ?? Number.POSITIVE_INFINITY,
    });
  }
  return out.sort((x, y) => x.at - y.at);
}

const share = (n: number, d: number): number => (d === 0 ? Number.NaN : n / d);
const hours = (xs: number[], p: number): number => (xs.length === 0 ? Number.NaN : quantile(xs, p) / HOUR);

export function scoreInactivity(
  alerts: readonly Alert[],
  truthEntries: readonly unknown[] | Truth,
): InactivityScore {
  const truth = Array.isArray(truthEntries) ? readTruth(truthEntries) : (truthEntries as Truth);
  const { start, end, households } = truth.scenario;
  const kindOf = new Map(truth.households.map((h) => [h.household_id, h]));
  const incidents = truth.households.filter((h) => h.kind === 'incident' && h.from >= start && h.from < end);
  const found = new Map<string, number>();
  const falseAlarmsBy: Record<string, number> = {};
  let falseAlarms = 0;
  let repeats = 0;
  for (const r of raisedAlerts(alerts, 'utility_inactivity')) {
    if (r.at >= end || r.resolvedAt < start) continue;
    const planted = kindOf.get(r.alert.subject);
    if (planted?.kind === 'incident' && r.at >= planted.from) {
      if (found.has(planted.household_id)) repeats++;
      else found.set(planted.household_id, r.at - planted.from);
      continue;
    }
    falseAlarms++;
    const cause = planted?.kind ?? 'none';
    falseAlarmsBy[cause] = (falseAlarmsBy[cause] ?? 0) + 1;
  }
  const delays = [...found.values()];
  const detected = incidents.filter((i) => found.has(i.household_id)).length;
  return {
    planted: incidents.length,
    detected,
    missed: incidents.filter((i) => !found.has(i.household_id)).map((i) => i.household_id),
    falseAlarms,
    falseAlarmsBy,
    repeats,
    precision: share(detected, detected + falseAlarms),
    recall: share(detected, incidents.length),
    falseAlarmsPerHouseholdMonth: falseAlarms / households / ((end - start) / MONTH),
    medianDelayH: hours(delays, 0.5),
    p90DelayH: hours(delays, 0.9),
  };
}

/**
 * The truth as the product's scope sees it: incidents planted on households outside the
 * inactivity scope (`inScope` false: neither living alone nor vulnerable) are taken out of what
 * recall counts, and counted apart. Their households raise no alert by design, so an alert on one
 * would still count as a false alarm.
 */
export function scopeTruth(
  entries: readonly unknown[],
  inScope: (householdId: string) => boolean,
): { entries: unknown[]; outOfScopeIncidents: number } {
  let outOfScopeIncidents = 0;
  const kept = entries.filter((e) => {
    const line = e as { type?: unknown; kind?: unknown; household_id?: unknown } | null;
    const out =
      line?.type === 'household' &&
      line.kind === 'incident' &&
      typeof line.household_id === 'string' &&
      !inScope(line.household_id);
    if (out) outOfScopeIncidents++;
    return !out;
  });
  return { entries: kept, outOfScopeIncidents };
}

export interface EventScore {
  planted: number;
  detected: number;
  falseAlarms: number;
  medianDelayH: number;
  p90DelayH: number;
  /** Distinct alert ids raised on each detected case while it lasted (+ 1 h): mean and worst. */
  alertsPerIncident: { mean: number; max: number };
}

/** Grace after a condition's end in which an alert still counts as seeing it. */
const GRACE = HOUR;
/**
 * The shortest planted silence an alert on is right, not false: the detector calls a meter
 * offline after 2 h without a reading (`offlineAfterMs`), and a meter that reads every 15 min
 * shows a silence of `d` as a gap of up to `d` + 15 min between readings. Such a silence under
 * `minOfflineMs` is neither asked for (recall) nor a false alarm when alerted.
 */
const ALERTABLE_SILENCE_MS = 2 * HOUR - 15 * 60_000;

/**
 * water_running against planted running taps; meter_offline against silent meters and late
 * batches lasting at least `minOfflineMs` and the meters of power-cut grids, each meter its own
 * condition (one alert per meter is the contract: each is a household nobody can watch, and each
 * comes back on its own), found by an alert about the meter or about its grid. Until 2026-12-07 a
 * cut was one condition, and its meters' alerts (one each) counted as repeats: the "7 alerts for
 * one incident" of session 11 was a 7-meter cut. In the window, as above. A silence between ALERTABLE_SILENCE_MS and
 * `minOfflineMs` is not counted either way: an alert on it is right, and not asked for.
 */
export function scoreEvents(
  alerts: readonly Alert[],
  truthEntries: readonly unknown[] | Truth,
  type: 'water_running' | 'meter_offline',
  minOfflineMs = 3 * HOUR,
): EventScore {
  const truth = Array.isArray(truthEntries) ? readTruth(truthEntries) : (truthEntries as Truth);
  const { start, end } = truth.scenario;
  /** `grid`: a power-cut meter's grid, whose own alert finds every meter of the cut. */
  const planted: { subjects: Set<string>; from: number; to: number; grid?: string }[] = [];
  /** Silences too short to be asked for that an alert is still right on (see ALERTABLE_SILENCE_MS). */
  const allowed: { subjects: Set<string>; from: number; to: number }[] = [];
  if (type === 'water_running') {
    for (const h of truth.households) {
      if (h.kind === 'water_running' && h.from < end && h.to > start) {
        planted.push({ subjects: new Set([h.household_id]), from: h.from, to: h.to });
      }
    }
  } else {
    for (const d of truth.devices) {
      if (d.from >= end || d.to <= start) continue;
      // Only meters (a household's): a weather station falling silent is planted in the same
      // truth file, and no utility detector ever sees it.
      const meter = d.household_id !== undefined;
      const lasts = Math.min(d.to, end) - d.from;
      if (meter && (d.kind === 'silent' || d.kind === 'late_batch') && lasts >= minOfflineMs) {
        planted.push({ subjects: new Set([d.device_id]), from: d.from, to: d.to });
      } else if (meter && (d.kind === 'silent' || d.kind === 'late_batch') && lasts >= ALERTABLE_SILENCE_MS) {
        allowed.push({ subjects: new Set([d.device_id]), from: d.from, to: d.to });
      } else if (d.kind === 'power_cut' && d.grid) {
        planted.push({ subjects: new Set([d.device_id, d.grid]), from: d.from, to: d.to, grid: d.grid });
      }
    }
  }
  const delays: number[] = [];
  /** Alert ids per detected case. */
  const hit = new Map<number, number>();
  let falseAlarms = 0;
  for (const r of raisedAlerts(alerts, type)) {
    if (r.at >= end || r.resolvedAt < start) continue;
    const sees = (p: { subjects: Set<string>; from: number; to: number }) =>
      p.subjects.has(r.alert.subject) && r.at >= p.from && r.at <= p.to + GRACE;
    // One alert finds one condition (its first): two taps of one household an hour apart are two
    // conditions, and an alert on the second must not find the first through the grace. Only an
    // alert about a grid finds every meter of that grid's cut.
    const first = planted.findIndex(sees);
    const found =
      first < 0
        ? []
        : planted[first]?.grid === r.alert.subject
          ? planted.flatMap((p, i) => (p.grid === r.alert.subject && sees(p) ? [i] : []))
          : [first];
    const seesAny = found.length > 0;
    for (const i of found) {
      const seen = hit.get(i);
      hit.set(i, (seen ?? 0) + 1);
      if (seen === undefined) delays.push(r.at - (planted[i] as { from: number }).from);
    }
    if (!seesAny && !allowed.some(sees)) falseAlarms++;
  }
  const counts = [...hit.values()];
  return {
    planted: planted.length,
    detected: hit.size,
    falseAlarms,
    medianDelayH: hours(delays, 0.5),
    p90DelayH: hours(delays, 0.9),
    alertsPerIncident:
      counts.length === 0
        ? { mean: Number.NaN, max: Number.NaN }
        : { mean: counts.reduce((a, b) => a + b, 0) / counts.length, max: Math.max(...counts) },
  };
}
