/**
 * The figures issue 15 asks for, per population: each inactivity detector's recall, precision,
 * false alarms per household per month (the fallback model's apart), median and p90 delay,
 * alerts per incident and the share of households on their learnt model; and water_running and
 * meter_offline recall and false alarms per household per month. Pure: alerts and truth in,
 * rows out. A source without populations (the simulator) is one population, `all`.
 */
import type { Alert } from '@onegrid/contracts';
import { raisedAlerts, scoreEvents, scoreInactivity } from './scoring.ts';
import { HOUR } from './time.ts';
import { readTruth, type Truth } from './truth.ts';

const MONTH = 30 * 24 * HOUR;

export interface InactivityRow {
  population: string;
  detector: string;
  households: number;
  planted: number;
  detected: number;
  recall: number;
  precision: number;
  falseAlarms: number;
  falseAlarmsPerHouseholdMonth: number;
  /** False alarms raised by the fallback model (households without enough history), apart. */
  fallbackFalseAlarms: number;
  medianDelayH: number;
  p90DelayH: number;
  /** Distinct alert ids per detected incident: mean and worst. */
  alertsPerIncident: { mean: number; max: number };
  /** Share of the population's household-hours judged on the learnt model (NaN: not known). */
  learntShare: number;
}

export interface EventRow {
  type: 'water_running' | 'meter_offline';
  planted: number;
  detected: number;
  recall: number;
  precision: number;
  falseAlarms: number;
  falseAlarmsPerHouseholdMonth: number;
  medianDelayH: number;
  p90DelayH: number;
  /** Distinct alert ids per detected case: mean and worst. */
  alertsPerIncident: { mean: number; max: number };
}

/** The part of the truth about one population's households. */
function restrict(truth: Truth, population: string): Truth {
  if (population === 'all') return truth;
  const keep = (id: string | undefined) => id !== undefined && truth.populations.get(id) === population;
  const households = [...truth.populations.values()].filter((p) => p === population).length;
  return {
    scenario: { ...truth.scenario, households },
    households: truth.households.filter((h) => keep(h.household_id)),
    devices: truth.devices.filter((d) => keep(d.household_id)),
    populations: truth.populations,
  };
}

function alertsPerIncident(alerts: readonly Alert[], truth: Truth): { mean: number; max: number } {
  const { start, end } = truth.scenario;
  const counts: number[] = [];
  const raised = raisedAlerts(alerts, 'utility_inactivity');
  for (const h of truth.households) {
    if (h.kind !== 'incident' || h.from < start || h.from >= end) continue;
    const until = Math.min(h.to, end) + HOUR;
    const ids = raised.filter((r) => r.alert.subject === h.household_id && r.at >= h.from && r.at < until);
    if (ids.length > 0) counts.push(ids.length);
  }
  if (counts.length === 0) return { mean: Number.NaN, max: Number.NaN };
  return { mean: counts.reduce((a, b) => a + b, 0) / counts.length, max: Math.max(...counts) };
}

function fallbackFalseAlarms(alerts: readonly Alert[], truth: Truth): number {
  const { start, end } = truth.scenario;
  const incident = new Map(
    truth.households.filter((h) => h.kind === 'incident').map((h) => [h.household_id, h.from]),
  );
  return raisedAlerts(alerts, 'utility_inactivity').filter(
    (r) =>
      r.at < end &&
      r.resolvedAt >= start &&
      r.alert.evidence.model === 'default' &&
      !(r.at >= (incident.get(r.alert.subject) ?? Number.POSITIVE_INFINITY)),
  ).length;
}

/**
 * Inactivity rows per population and detector. `learntShare`: household id → share of its
 * hours in the window judged on the learnt model (from `household_usage_hourly.model`).
 */
export function inactivityReport(
  byDetector: ReadonlyMap<string, readonly Alert[]>,
  truthEntries: readonly unknown[],
  learntShare: ReadonlyMap<string, number> = new Map(),
): InactivityRow[] {
  const truth = readTruth(truthEntries);
  const populations = ['all', ...new Set(truth.populations.values())].sort((a, b) =>
    a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b),
  );
  const rows: InactivityRow[] = [];
  for (const population of populations) {
    const part = restrict(truth, population);
    const inPopulation = (id: string) => population === 'all' || truth.populations.get(id) === population;
    const shares = [...learntShare].filter(([id]) => inPopulation(id)).map(([, s]) => s);
    for (const [detector, all] of byDetector) {
      const alerts = all.filter((a) => a.type !== 'utility_inactivity' || inPopulation(a.subject));
      const s = scoreInactivity(alerts, part);
      rows.push({
        population,
        detector,
        households: part.scenario.households,
        planted: s.planted,
        detected: s.detected,
        recall: s.recall,
        precision: s.precision,
        falseAlarms: s.falseAlarms,
        falseAlarmsPerHouseholdMonth: s.falseAlarmsPerHouseholdMonth,
        fallbackFalseAlarms: fallbackFalseAlarms(alerts, part),
        medianDelayH: s.medianDelayH,
        p90DelayH: s.p90DelayH,
        alertsPerIncident: alertsPerIncident(alerts, part),
        learntShare:
          detector === 'onegrid' && shares.length > 0
            ? shares.reduce((a, b) => a + b, 0) / shares.length
            : Number.NaN,
      });
    }
  }
  return rows;
}

/** water_running and meter_offline, over every household. */
export function eventReport(alerts: readonly Alert[], truthEntries: readonly unknown[]): EventRow[] {
  const truth = readTruth(truthEntries);
  const months = (truth.scenario.end - truth.scenario.start) / MONTH;
  return (['water_running', 'meter_offline'] as const).map((type) => {
    const s = scoreEvents(alerts, truth, type);
    return {
      type,
      planted: s.planted,
      detected: s.detected,
      recall: s.planted === 0 ? Number.NaN : s.detected / s.planted,
      precision: s.detected + s.falseAlarms === 0 ? Number.NaN : s.detected / (s.detected + s.falseAlarms),
      falseAlarms: s.falseAlarms,
      falseAlarmsPerHouseholdMonth: s.falseAlarms / truth.scenario.households / months,
      medianDelayH: s.medianDelayH,
      p90DelayH: s.p90DelayH,
      alertsPerIncident: s.alertsPerIncident,
    };
  });
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');
const h = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} h` : '–');
/** Mean / worst alert ids per case, or – when nothing was found. */
export const perIncident = (a: { mean: number; max: number }): string =>
  Number.isFinite(a.mean) ? `${a.mean.toFixed(2)} / ${a.max}` : '–';

/** Markdown tables of both reports. */
export function formatReport(rows: readonly InactivityRow[], events: readonly EventRow[]): string[] {
  const lines = [
    '| population | detector | households | found / planted | recall | precision | false alarms (fallback) | per household per month | median delay | p90 delay | alerts per incident (mean / max) | on learnt model |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.population} | ${r.detector} | ${r.households} | ${r.detected} / ${r.planted} | ${pct(r.recall)} | ${pct(r.precision)} | ` +
        `${r.falseAlarms} (${r.fallbackFalseAlarms}) | ${r.falseAlarmsPerHouseholdMonth.toFixed(3)} | ${h(r.medianDelayH)} | ${h(r.p90DelayH)} | ` +
        `${perIncident(r.alertsPerIncident)} | ${pct(r.learntShare)} |`,
    );
  }
  lines.push(
    '',
    '| alert | found / planted | recall | precision | false alarms | per household per month | median delay | p90 delay | alerts per incident (mean / max) |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const e of events) {
    lines.push(
      `| ${e.type} | ${e.detected} / ${e.planted} | ${pct(e.recall)} | ${pct(e.precision)} | ${e.falseAlarms} | ${e.falseAlarmsPerHouseholdMonth.toFixed(4)} | ` +
        `${h(e.medianDelayH)} | ${h(e.p90DelayH)} | ${perIncident(e.alertsPerIncident)} |`,
    );
  }
  return lines;
}
