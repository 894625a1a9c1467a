// Several runs of one generator as one: their truth and alerts with every id prefixed by the run's
// seed (two seeds may name households alike), the scenario's households summed. The window must be
// the same (a generator's seeds start on the same day); scoring the merged runs counts every
// incident of every seed once.
import { type EventRow, eventReport, perIncident } from '@onegrid/analytics/utility';
import { type Alert, toEpochMs } from '@onegrid/contracts';

/** What dump-run.ts writes for one run. */
export interface RunDump {
  seed: number;
  truth: Record<string, unknown>[];
  outOfScopeIncidents: number;
  alerts: Record<string, Alert[]>;
  shares: [string, number][];
}

export interface Merged {
  truth: Record<string, unknown>[];
  alerts: Record<string, Alert[]>;
  shares: Map<string, number>;
}

const ID_FIELDS = ['household_id', 'device_id', 'grid'] as const;

function prefixed<T extends Record<string, unknown>>(line: T, seed: number, fields: readonly string[]): T {
  const out: Record<string, unknown> = { ...line };
  for (const f of fields) if (typeof out[f] === 'string') out[f] = `${seed}:${out[f] as string}`;
  return out as T;
}

export function merge(dumps: readonly RunDump[]): Merged {
  const truth: Record<string, unknown>[] = [];
  const alerts: Record<string, Alert[]> = {};
  const shares = new Map<string, number>();
  let scenario: { start: unknown; end: unknown; households: number } | undefined;
  for (const d of dumps) {
    for (const line of d.truth) {
      if (line.type === 'scenario') {
        const s = line as { start: unknown; end: unknown; households: number };
        if (scenario === undefined) scenario = { ...s };
        else if (scenario.start !== s.start || scenario.end !== s.end)
          throw new RangeError(
            `seed ${d.seed}: window ${s.start}–${s.end}, not ${scenario.start}–${scenario.end}`,
          );
        else scenario.households += s.households;
      } else truth.push(prefixed(line, d.seed, ID_FIELDS));
    }
    for (const [detector, list] of Object.entries(d.alerts)) {
      const into = alerts[detector] ?? [];
      alerts[detector] = into;
      for (const a of list) {
        const evidence = a.evidence as Record<string, unknown>;
        into.push({
          ...prefixed(a, d.seed, ['alert_id', 'subject', 'grid']),
          evidence: prefixed(evidence, d.seed, ['household_id']),
        });
      }
    }
    for (const [id, share] of d.shares) shares.set(`${d.seed}:${id}`, share);
  }
  if (scenario === undefined) throw new RangeError('no run has a scenario line');
  // Detected in time order across runs, as the scoring takes them.
  for (const list of Object.values(alerts))
    list.sort((x, y) => toEpochMs(x.detected_at) - toEpochMs(y.detected_at));
  return { truth: [{ type: 'scenario', ...scenario }, ...truth], alerts, shares };
}

/** `learntShare`: the population's household-hours judged on the learnt model (NaN: a baseline rule). */
export type DetectorEventRow = EventRow & { population: string; detector: string; learntShare: number };

const mean = (xs: readonly number[]) =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * water_running and meter_offline per population: the truth and alerts of its households only;
 * `only` one of the two types (a baseline rule raises one). `shares` (household id → share of its
 * hours on the learnt model) gives onegrid's rows their population's share; a baseline rule has no
 * model, and its rows none.
 */
export function eventsByPopulation(
  detector: string,
  alerts: readonly Alert[],
  truth: readonly Record<string, unknown>[],
  only?: EventRow['type'],
  shares: ReadonlyMap<string, number> = new Map(),
): DetectorEventRow[] {
  const population = new Map<string, string>();
  for (const line of truth)
    if (line.type === 'population') population.set(line.household_id as string, line.population as string);
  const shareOf = (p: string) =>
    mean([...shares].filter(([id]) => p === 'all' || population.get(id) === p).map(([, s]) => s));
  const mineOnly = (rows: EventRow[]) =>
    rows.filter((r) => only === undefined || r.type === only).map((r) => ({ ...r, detector }));
  const tagged = (rows: EventRow[], p: string) =>
    mineOnly(rows).map((r) => ({ ...r, population: p, learntShare: shareOf(p) }));
  const rows = tagged(eventReport(alerts, truth), 'all');
  for (const p of [...new Set(population.values())].sort()) {
    const mine = (id: unknown) => typeof id === 'string' && population.get(id) === p;
    const households = [...population.values()].filter((x) => x === p).length;
    const part = truth
      .filter((l) => l.type === 'scenario' || mine(l.household_id))
      .map((l) => (l.type === 'scenario' ? { ...l, households } : l));
    const theirs = alerts.filter((a) =>
      mine((a.evidence as Record<string, unknown>).household_id ?? a.subject),
    );
    rows.push(...tagged(eventReport(theirs, part), p));
  }
  return rows;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');
const h = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} h` : '–');

/** The same columns as the inactivity table's, so the three alert types read alike. */
export function formatEvents(rows: readonly DetectorEventRow[]): string[] {
  return [
    '| alert | population | detector | found / planted | recall | precision | false alarms | per household per month | median delay | p90 delay | alerts per incident (mean / max) | on learnt model |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.type} | ${r.population} | ${r.detector} | ${r.detected} / ${r.planted} | ${pct(r.recall)} | ${pct(r.precision)} | ${r.falseAlarms} | ` +
        `${r.falseAlarmsPerHouseholdMonth.toFixed(4)} | ${h(r.medianDelayH)} | ${h(r.p90DelayH)} | ${perIncident(r.alertsPerIncident)} | ${pct(r.learntShare)} |`,
    ),
  ];
}

/**
 * What a generator's seeds are to the parameters (issue 15: choose on one source, report another
 * as held out, and say which). The simulator chose them; packages/households seeds ≤ 1006 and
 * enduse seeds ≤ 27 were tuned on or looked at (development); later seeds are held out.
 */
export function roleOf(generator: string, seeds: readonly number[]): string {
  const developmentUpTo: Record<string, number> = {
    simulator: Number.POSITIVE_INFINITY,
    // Session 12 (2026-12-07) opened households 1007–1009 and enduse 28 to development, session 13
    // households 1010–1012 and enduse 29–31: each had been scored held out once, then read.
    households: 1012,
    enduse: 31,
  };
  const last = developmentUpTo[generator];
  if (last === undefined) return 'unknown generator: neither tuned on nor known to be held out';
  const held = seeds.filter((s) => s > last);
  const development = seeds.filter((s) => s <= last);
  if (generator === 'simulator') return 'tuning: the parameters were chosen on it';
  const which = (xs: number[]) => xs.join(', ');
  if (held.length === 0) return `development (seeds ≤ ${last} tuned on or looked at): ${which(development)}`;
  if (development.length === 0) return `HELD OUT (nothing chosen on seeds > ${last}): ${which(held)}`;
  return `MIXED: held out ${which(held)}, development ${which(development)}; score them apart`;
}
