// The CPU of a household's snapshot, its restore and a late batch's re-emit scan (issue 17):
// what the hourly snapshots, a partition assignment and every late batch cost per household.
//   node --expose-gc packages/analytics/bench/snapshot-cpu.ts [households=20000] [rounds=5] [templates=64]
// `templates` households are fed 17 days of the heap benches' synthetic city (synthetic-city.ts)
// and their snapshots taken; `households` are restored from them (detector.seedSnapshot, as an
// assignment does with no newer rows) and fed 3 hours (their rings move on, their models learnt),
// then, `rounds` times each, alternated: every household's snapshot taken (detector.snapshot, as
// the snapshot sink does at a flush), every household restored into a fresh detector, and every
// ring scanned as a late batch's re-emit scans it (hour-close.ts `reemit`, on rings seeded from the
// same snapshots: the detector's rings are not reachable from outside), and the `templates`
// households' snapshots taken `households / templates` times over (`liveSnapshot`: rings fed their
// 17 days live, none restored: every closed day a ring packed itself, a processor's steady state
// rather than the hours after an assignment). Prints µs per household for each, the median of the rounds. Runs on any commit since the snapshots (session 15): the
// baselines are `git archive` copies of main.
import { UtilityDetector } from '../src/utility/index.ts';
import { RingSlab } from '../src/utility/ring-slab.ts';
import { seedHouseholdSnapshotBytes } from '../src/utility/seed-history.ts';
import { ringHoursFor, SLOT, UsageRing } from '../src/utility/usage-ring.ts';
import { feedQuarter, id, info, registers } from './synthetic-city.ts';

const DAYS = 17;
const households = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 5);
const templates = Number(process.argv[4] ?? 64);

const cpuUs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round2 = (x: number): number => Math.round(x * 100) / 100;

const end = DAYS * 96;
const template = new UtilityDetector({}, { household: info });
const at = registers(templates);
for (let q = 0; q < end; q++) feedQuarter(template, at, q);
const snapshots = Array.from({ length: templates }, (_, k) => {
  const s = template.snapshot(`HH-${id(k)}`);
  if (!s) throw new Error(`no snapshot of template ${k}`);
  return s.bytes;
});

const restore = (): UtilityDetector => {
  const d = new UtilityDetector({}, { household: info });
  for (let h = 0; h < households; h++)
    d.seedSnapshot(`HH-${id(h)}`, snapshots[h % templates] as Uint8Array, []);
  return d;
};
const detector = restore();
const live = registers(households);
for (let q = end; q < end + 12; q++) feedQuarter(detector, live, q);

// Rings as a restore leaves them, fed nothing more: the re-emit scan reads every hour they hold.
const hours = ringHoursFor(14);
const slab = new RingSlab(hours);
const rings = Array.from({ length: households }, (_, h) => {
  const ring = new UsageRing(hours, slab);
  seedHouseholdSnapshotBytes(ring, snapshots[h % templates] as Uint8Array, 1, Number.NEGATIVE_INFINITY);
  return ring;
});

const takeUs: number[] = [];
const restoreUs: number[] = [];
const scanUs: number[] = [];
const liveUs: number[] = [];
const reps = Math.max(1, Math.round(households / templates));
let bytes = 0;
let dirty = 0;
for (let r = 0; r < rounds; r++) {
  let cpu = process.cpuUsage();
  bytes = 0;
  for (let h = 0; h < households; h++) bytes += detector.snapshot(`HH-${id(h)}`)?.bytes.length ?? 0;
  takeUs.push(cpuUs(cpu) / households);
  cpu = process.cpuUsage();
  restore();
  restoreUs.push(cpuUs(cpu) / households);
  cpu = process.cpuUsage();
  dirty = 0;
  for (const ring of rings) {
    // hour-close.ts's reemit: the hours the ring holds up to the next to close, from its
    // `dirtyFrom` where it has one (session 19), else from its oldest.
    const before = ring.latest + 1;
    const r = ring as UsageRing & { dirtyFrom?: number; cleanBefore?: (b: number) => void };
    for (let x = r.dirtyFrom ?? ring.latest - ring.size + 1; x < before; x++) {
      const s = ring.at(x);
      if (s >= 0 && ring.has(s, SLOT.dirty)) dirty++;
    }
    r.cleanBefore?.(before);
  }
  scanUs.push(cpuUs(cpu) / households);
  cpu = process.cpuUsage();
  for (let k = 0; k < reps; k++) for (let h = 0; h < templates; h++) template.snapshot(`HH-${id(h)}`);
  liveUs.push(cpuUs(cpu) / (reps * templates));
}
console.log(
  JSON.stringify({
    households,
    rounds,
    snapshotB: Math.round(bytes / households),
    usPerHousehold: {
      snapshot: round2(median(takeUs)),
      restore: round2(median(restoreUs)),
      reemitScan: round2(median(scanUs)),
      liveSnapshot: round2(median(liveUs)),
    },
    all: {
      snapshot: takeUs.map(round2),
      restore: restoreUs.map(round2),
      reemitScan: scanUs.map(round2),
      liveSnapshot: liveUs.map(round2),
    },
    dirty,
  }),
);
