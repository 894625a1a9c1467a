// Sums the runs score-matrix.sh wrote into one table per generator and population: counts add
// up over seeds, delays are the median and p90 of the per-run figures' (the runs' own delay
// lists are not kept), alerts per incident the worst.
//
//   node test/scoring/summarize-matrix.ts DIR
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EventRow, InactivityRow } from '@onegrid/analytics/utility';

interface Run {
  generator: string;
  seed: number;
  inactivity: InactivityRow[];
  events: EventRow[];
}

const dir = process.argv[2] ?? '/tmp/onegrid-score-matrix';
const runs: Run[] = [];
for (const f of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort())
  runs.push(JSON.parse(await readFile(path.join(dir, f), 'utf8')) as Run);

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');
const h = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} h` : '–');
const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));
const maxOf = (xs: number[]) => (finite(xs).length === 0 ? Number.NaN : Math.max(...finite(xs)));
const meanOf = (xs: number[]) =>
  finite(xs).length === 0 ? Number.NaN : finite(xs).reduce((a, b) => a + b, 0) / finite(xs).length;

for (const generator of [...new Set(runs.map((r) => r.generator))]) {
  const mine = runs.filter((r) => r.generator === generator);
  console.log(`\n## ${generator}: seeds ${mine.map((r) => r.seed).join(', ')}\n`);
  console.log(
    '| population | detector | found / planted | recall | precision | false alarms (fallback) | per household per month | median delay (worst run) | p90 delay (worst run) | alerts per incident (max) | on learnt model |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const keys = [...new Set(mine.flatMap((r) => r.inactivity.map((x) => `${x.population}|${x.detector}`)))];
  for (const key of keys) {
    const rows = mine.flatMap((r) => r.inactivity.filter((x) => `${x.population}|${x.detector}` === key));
    const sum = (f: (x: InactivityRow) => number) => rows.reduce((a, x) => a + f(x), 0);
    const detected = sum((x) => x.detected);
    const planted = sum((x) => x.planted);
    const fa = sum((x) => x.falseAlarms);
    // Per household per month over all runs: each run's rate weighted by its households.
    const rate =
      sum((x) => x.falseAlarmsPerHouseholdMonth * x.households) /
      Math.max(
        1,
        sum((x) => x.households),
      );
    const [population, detector] = key.split('|');
    console.log(
      `| ${population} | ${detector} | ${detected} / ${planted} | ${pct(planted ? detected / planted : Number.NaN)} | ${pct(detected + fa ? detected / (detected + fa) : Number.NaN)} | ` +
        `${fa} (${sum((x) => x.fallbackFalseAlarms)}) | ${rate.toFixed(3)} | ${h(maxOf(rows.map((x) => x.medianDelayH)))} | ${h(maxOf(rows.map((x) => x.p90DelayH)))} | ` +
        `${maxOf(rows.map((x) => x.alertsPerIncident.max))} | ${pct(meanOf(rows.map((x) => x.learntShare)))} |`,
    );
  }
  console.log('\n| alert | found / planted | false alarms | per household per month |');
  console.log('| --- | --- | --- | --- |');
  for (const type of ['water_running', 'meter_offline']) {
    const rows = mine.flatMap((r) => r.events.filter((e) => e.type === type));
    const sum = (f: (x: EventRow) => number) => rows.reduce((a, x) => a + f(x), 0);
    console.log(
      `| ${type} | ${sum((x) => x.detected)} / ${sum((x) => x.planted)} | ${sum((x) => x.falseAlarms)} | ${meanOf(rows.map((x) => x.falseAlarmsPerHouseholdMonth)).toFixed(4)} |`,
    );
  }
}
