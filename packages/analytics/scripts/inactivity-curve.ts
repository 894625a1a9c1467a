/**
 * The inactivity detector's operating curve on one feed (issue 15): false alarms per household per
 * month against median / p90 delay and recall, as `waitShiftHours` (config.ts: hours added to every
 * wait past the household's own history; negative alerts earlier) moves from early to late. All
 * points and the two baselines are scored side by side on the same feed in one in-process run of
 * evaluate-utility.ts (the default, shift 0, is its `onegrid` row); its printout is kept, and the
 * curve is printed per population with, for each, the cheapest point whose median delay is ≤ 4 h
 * and the earliest point whose false alarms are ≤ 0.05 per household per month.
 *
 *   node packages/analytics/scripts/inactivity-curve.ts --source households --seed 1007 \
 *     [--households 400] [--shifts=-4,-2,2,4,8,12] [--plant incident=200,…] [--with '{…}']
 *     [--out .onegrid/curve] [--from printout.txt]
 *
 * Development data only (simulator, households ≤ 1012, enduse ≤ 31): the held-out seeds are the
 * lead's. `--source enduse` needs its model output cached first (packages/enduse-generator/src/cli.ts
 * --dry-run with the same seed, households, days and --plant). `--with` gives every point (shift 0
 * too, then a candidate) more options: a second knob. `--from` re-reads a kept printout instead of
 * running the detectors again. Figures: utility MEASURED.md, branch `wip-curve17`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: 'simulator' },
    seed: { type: 'string', default: '12' },
    households: { type: 'string', default: '400' },
    shifts: { type: 'string', default: '-4,-2,2,4,8,12' },
    plant: { type: 'string', default: 'incident=200,waterRunning=100,meterSilent=100' },
    out: { type: 'string', default: '.onegrid/curve' },
    from: { type: 'string' },
    /** Options (JSON) every point takes besides its shift, e.g. '{"ratioMargin":1}': a second knob. */
    with: { type: 'string', default: '{}' },
  },
});
const extra = JSON.parse(values.with as string) as Record<string, unknown>;
const plain = Object.keys(extra).length === 0;
const TARGET_DELAY_H = 4;
const TARGET_FALSE_ALARMS = 0.05;

function printout(): string {
  if (values.from !== undefined) return readFileSync(values.from, 'utf8');
  const shifts = (values.shifts as string).split(',').map(Number);
  if (shifts.some((s) => !Number.isInteger(s)))
    throw new Error('--shifts: whole hours (shift 0 with no --with is the default, always scored)');
  const args = [
    join(import.meta.dirname, 'evaluate-utility.ts'),
    ...['--source', values.source as string, '--seed', values.seed as string],
    ...['--households', values.households as string, '--warmup-days', '14', '--hours', '168'],
    ...['--plant', values.plant as string],
    // The simulator takes its incident rate from --incidents only (evaluate-utility.ts ignores --plant there).
    ...['--incidents', (values.plant as string).match(/incident=(\d+)/)?.[1] ?? '200'],
    ...shifts
      .filter((s) => !(plain && s === 0))
      .flatMap((s) => ['--candidate', JSON.stringify({ ...extra, waitShiftHours: s })]),
  ];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`evaluate-utility.ts failed (${run.status}): ${run.stderr}`);
  mkdirSync(values.out as string, { recursive: true });
  const tag = plain ? '' : `-${(values.with as string).replace(/[^A-Za-z0-9.]+/g, '_')}`;
  const file = join(values.out as string, `${values.source}-${values.seed}-n${values.households}${tag}.txt`);
  writeFileSync(file, run.stdout);
  console.log(`printout: ${file}`);
  return run.stdout;
}

interface Point {
  label: string;
  /** The shift in hours, or undefined for a baseline. */
  shift: number | undefined;
  found: string;
  recall: number;
  falseAlarms: number;
  median: number;
  p90: number;
}

/** The per-population rows of evaluate-utility's report (scoring-report.ts `formatReport`). */
function points(text: string): Map<string, Point[]> {
  const byPopulation = new Map<string, Point[]>();
  const hours = (s: string) => (s.trim() === '–' ? Number.NaN : Number.parseFloat(s));
  for (const line of text.split('\n')) {
    const c = line.split('|').map((x) => x.trim());
    // | population | detector | households | found / planted | recall | precision | false alarms | per hh month | median | p90 | …
    if (c.length < 12 || !/^\d+ \/ \d+$/.test(c[4] ?? '')) continue;
    const [population = '', detector = ''] = [c[1], c[2]];
    const json = detector.match(/\{.*\}/)?.[0];
    const { waitShiftHours, ...rest } = json ? (JSON.parse(json) as Record<string, unknown>) : {};
    const shift = detector === 'onegrid' ? 0 : json ? Number(waitShiftHours) : undefined;
    const also = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    const [found = '0 / 0'] = [c[4]];
    const [d, p] = found.split('/').map(Number) as [number, number];
    const list = byPopulation.get(population) ?? [];
    list.push({
      label:
        shift === undefined
          ? detector
          : `shift ${shift > 0 ? '+' : ''}${shift} h${detector === 'onegrid' ? ' (default)' : also}`,
      shift,
      found,
      recall: p === 0 ? Number.NaN : d / p,
      falseAlarms: Number(c[8]),
      median: hours(c[9] ?? ''),
      p90: hours(c[10] ?? ''),
    });
    byPopulation.set(population, list);
  }
  return byPopulation;
}

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const describe = (p: Point | undefined) =>
  p === undefined
    ? 'none'
    : `${p.label}: ${f(p.falseAlarms, 3)} false alarms /hh/month, median ${f(p.median)} h, p90 ${f(p.p90)} h, found ${p.found}`;

for (const [population, list] of points(printout())) {
  const curve = list.filter((p) => p.shift !== undefined).sort((a, b) => (a.shift ?? 0) - (b.shift ?? 0));
  console.log(`\n### ${values.source} ${values.seed}: ${population}\n`);
  console.log('| point | found / planted | false alarms /hh/month | median delay | p90 delay |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const p of [...curve, ...list.filter((q) => q.shift === undefined)])
    console.log(`| ${p.label} | ${p.found} | ${f(p.falseAlarms, 3)} | ${f(p.median)} h | ${f(p.p90)} h |`);
  const fast = curve.filter((p) => p.median <= TARGET_DELAY_H);
  const cheap = curve.filter((p) => p.falseAlarms <= TARGET_FALSE_ALARMS);
  const cheapest = fast.sort((a, b) => a.falseAlarms - b.falseAlarms)[0];
  const earliest = cheap.sort((a, b) => a.median - b.median)[0];
  const both = curve.filter(
    (p) =>
      p.median <= TARGET_DELAY_H && p.falseAlarms <= TARGET_FALSE_ALARMS && p.p90 <= 8 && p.recall >= 0.95,
  );
  console.log(`\nmedian ≤ ${TARGET_DELAY_H} h at least cost: ${describe(cheapest)}`);
  console.log(`false alarms ≤ ${TARGET_FALSE_ALARMS} soonest: ${describe(earliest)}`);
  console.log(`every target met: ${both.length > 0 ? both.map((p) => p.label).join(', ') : 'at no point'}`);
}
