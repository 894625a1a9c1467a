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
import { eventsByPopulation, formatEvents, type Merged, merge, type RunDump } from './merge-runs.ts';

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

const role = (g: string) =>
  g === 'simulator'
    ? 'tuning (parameters chosen here)'
    : g === 'enduse'
      ? 'held out: the external, published models (nothing chosen on it)'
      : // Tuned on since 2026-12-06 (seeds 101–1005, wip-det15); later seeds are held out by seed only.
        'development since 2026-12-06 (seeds ≤ 1005 tuned on; seeds ≥ 1006 held out by seed only)';
for (const generator of [...new Set(runs.map((r) => r.row.generator))]) {
  const mine = runs.filter((r) => r.row.generator === generator);
  const first = mine[0]?.row as RunRow;
  console.log(
    `\n## ${generator}, ${role(generator)}: seeds ${mine.map((r) => r.row.seed).join(', ')}; ` +
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
    ...eventsByPopulation('onegrid', merged.alerts.onegrid ?? [], merged.truth),
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
