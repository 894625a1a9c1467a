// Sums the runs score-matrix.sh wrote into one report per generator, over all its seeds: each
// run's scored truth and stored alerts (dump-run.ts) are merged, their ids prefixed by the seed so
// two runs' households never meet, and scored once by the analytics package's own report
// (what counts as found, late or false is defined there, once). So recall, precision, delays and
// alerts per incident are over every incident of every seed, not an average of runs'.
//
//   node test/scoring/summarize-matrix.ts DIR
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatReport, inactivityReport } from '@onegrid/analytics/utility';
import type { Alert } from '@onegrid/contracts';
import { eventsByPopulation, formatEvents, type Merged, merge, type RunDump, roleOf } from './merge-runs.ts';

interface RunRow {
  generator: string;
  seed: number;
  households: number;
  hours: number;
  warmupDays: number;
  seconds: { replay: number; drain: number };
  keysByModel?: Record<string, number>;
}

const dir = process.argv[2] ?? '/tmp/onegrid-score-matrix';
const runs: { row: RunRow; dump: RunDump }[] = [];
for (const f of (await readdir(dir)).filter((f) => /^[a-z]+-\d+\.json$/.test(f)).sort()) {
  const row = JSON.parse(await readFile(path.join(dir, f), 'utf8')) as RunRow;
  const dumpFile = path.join(dir, f.replace(/\.json$/, '.dump.json'));
  const dump = JSON.parse(await readFile(dumpFile, 'utf8')) as RunDump;
  runs.push({ row, dump: { ...dump, seed: row.seed } });
}

const generators = [...new Set(runs.map((r) => r.row.generator))];
const seedsOf = (g: string) => runs.filter((r) => r.row.generator === g).map((r) => r.row.seed);
// Which source chose the parameters and which is held out, before any figure.
console.log('# Scoring matrix through Kafka\n');
console.log(
  'Parameters chosen on the simulator; development data since 2026-12-06 (tuned on or looked at): ' +
    'packages/households seeds ≤ 1012 and enduse seeds ≤ 31 (since 2026-12-07, session 13). Per generator in this summary:',
);
for (const g of generators) console.log(`- ${g}: ${roleOf(g, seedsOf(g))}`);
for (const generator of generators) {
  const mine = runs.filter((r) => r.row.generator === generator);
  const first = mine[0]?.row as RunRow;
  console.log(
    `\n## ${generator}, ${roleOf(generator, seedsOf(generator))}; ` +
      `${first.households} households × ${first.warmupDays} d warm-up + ${first.hours / 24} d scored each, through Kafka\n`,
  );
  for (const { row, dump } of mine)
    console.log(
      `- seed ${row.seed}: replay ${row.seconds.replay.toFixed(0)} s, drain ${row.seconds.drain.toFixed(0)} s; ` +
        `incidents out of the inactivity scope (not scored) ${dump.outOfScopeIncidents}; ` +
        `onegrid_stream_keys_by_model at the end ${JSON.stringify(row.keysByModel ?? {})}`,
    );
  const merged: Merged = merge(mine.map((r) => r.dump));
  const inactivityDetectors = ['onegrid', 'two_day', 'fixed_threshold'];
  const byDetector = new Map<string, Alert[]>(inactivityDetectors.map((d) => [d, merged.alerts[d] ?? []]));
  console.log('');
  const inactivity = formatReport(inactivityReport(byDetector, merged.truth, merged.shares), []);
  // Its water_running / meter_offline table is the all row of the one below, per population.
  for (const line of inactivity.slice(0, inactivity.indexOf(''))) console.log(line);
  console.log('');
  const events = [
    ...eventsByPopulation('onegrid', merged.alerts.onegrid ?? [], merged.truth, undefined, merged.shares),
    ...Object.entries(merged.alerts)
      .filter(([d]) => !inactivityDetectors.includes(d))
      .flatMap(([d, alerts]) =>
        eventsByPopulation(
          d,
          alerts,
          merged.truth,
          d.startsWith('silent') ? 'meter_offline' : 'water_running',
        ),
      ),
  ];
  // onegrid and the baseline rules of each alert type side by side, per population.
  const order = (r: { population: string }) => (r.population === 'all' ? '' : r.population);
  events.sort((a, b) => a.type.localeCompare(b.type) || order(a).localeCompare(order(b)));
  for (const line of formatEvents(events)) console.log(line);
}
