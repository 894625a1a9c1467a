// What a restore costs up to its first judged hour (issue 17, session 20): the snapshot's size,
// seeding per household, and the CPU of the first hour judged after it, in which a household
// restored without its learnt models relearns them all (~0.2 ms each, session 19).
//   node --expose-gc packages/analytics/bench/restore-learnt.ts [households=20000] [rounds=3] [templates=64]
// `templates` households are fed 17½ days of the heap benches' synthetic city (synthetic-city.ts)
// and their snapshots taken at local 12:00 (the restore falls in the day its snapshots were
// written, as a restart's does); then, `rounds` times, `households` are restored into a fresh
// detector from them (detector.seedSnapshot, as an assignment does with no newer rows) and fed
// the next two hours, quarter by quarter: the first hour closes and is judged at the second's
// quarter past. Prints the median of the rounds, µs per household. Runs on any commit since the
// snapshots: its baseline is a `git archive` copy of main with this file copied in.
import { UtilityDetector } from '../src/utility/index.ts';
import { feedQuarter, id, info, registers } from './synthetic-city.ts';

const households = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 3);
const templates = Number(process.argv[4] ?? 64);
/** Local 12:00 of the 18th day (the city starts at a local midnight). */
const END = (17 * 24 + 12) * 4;

const cpuUs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round1 = (x: number): number => Math.round(x * 10) / 10;

const template = new UtilityDetector({}, { household: info });
const at = registers(templates);
for (let q = 0; q < END; q++) feedQuarter(template, at, q);
const snapshots = Array.from({ length: templates }, (_, k) => {
  const s = template.snapshot(`HH-${id(k)}`);
  if (!s) throw new Error(`no snapshot of template ${k}`);
  return s.bytes;
});

const seed: number[] = [];
const first: number[] = [];
let models: Record<string, number> = {};
for (let r = 0; r < rounds; r++) {
  gc();
  const detector = new UtilityDetector({}, { household: info });
  let cpu = process.cpuUsage();
  for (let h = 0; h < households; h++)
    detector.seedSnapshot(`HH-${id(h)}`, snapshots[h % templates] as Uint8Array, []);
  seed.push(cpuUs(cpu) / households);
  const regs = registers(households);
  cpu = process.cpuUsage();
  // The restored detector's first quarters: hour END closes (and is judged) once the watermark
  // passes its end by `settleMs`, within the second hour fed.
  for (let q = END; q < END + 8; q++) feedQuarter(detector, regs, q);
  first.push(cpuUs(cpu) / households);
  models = detector.models();
}
console.log(
  JSON.stringify({
    households,
    rounds,
    templates,
    models,
    snapshotB: {
      mean: round1(snapshots.reduce((n, s) => n + s.length, 0) / templates),
      min: Math.min(...snapshots.map((s) => s.length)),
      max: Math.max(...snapshots.map((s) => s.length)),
      layout: [...new Set(snapshots.map((s) => s[0]))],
    },
    seedUsPerHousehold: { median: round1(median(seed)), all: seed.map(round1) },
    firstTwoHoursUsPerHousehold: { median: round1(median(first)), all: first.map(round1) },
  }),
);
