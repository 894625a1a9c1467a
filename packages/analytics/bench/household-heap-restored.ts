// A processor's detector state at a city's size, built as a partition assignment builds it
// (issue 17): every household restored from a snapshot, then `hours` of both meters' readings.
//   node --expose-gc --max-old-space-size=12288 packages/analytics/bench/household-heap-restored.ts \
//     [households=1020] [hours=3] [templates=64]
// Feeding 17 days to a million households would take hours on this machine (household-heap.ts
// feeds 3.3M readings in 20-60 s); so `templates` households are fed 17 days as household-heap.ts
// feeds them, their snapshots taken, and each of the `households` is seeded from one of them
// (detector.seedSnapshot, as the restore does with no newer rows), then fed `hours` of readings:
// its ring full, its meters' remembered readings and its models learnt at its first closed hour.
// Prints the heap (JS heap + array buffers) per household, the process's RSS, and the CPU of
// each step. Compare with household-heap.ts at a size both can run (the parts differ: a restored
// household has no water-running run or open alert behind it).
import { UtilityDetector } from '../src/utility/index.ts';
import { feedQuarter, id, info, registers } from './synthetic-city.ts';

const DAYS = 17;
const households = Number(process.argv[2] ?? 1020);
const hours = Number(process.argv[3] ?? 3);
const templates = Number(process.argv[4] ?? 64);

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heap = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const cpuS = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return Math.round((u.user + u.system) / 1e4) / 100;
};

/** Quarters [from, to) of households [0, n) into the detector, the watermark a minute past each. */
function feed(detector: UtilityDetector, n: number, from: number, to: number): void {
  const at = registers(n);
  for (let q = from; q < to; q++) {
    feedQuarter(detector, at, q);
    const m = process.memoryUsage();
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
  }
}

/** The most array buffers and V8 heap seen after a quarter's readings (no collection forced). */
const peak = { arrayBuffers: 0, heapTotal: 0 };

const end = DAYS * 96;
let cpu = process.cpuUsage();
const template = new UtilityDetector({}, { household: info });
feed(template, templates, 0, end);
const snapshots = Array.from({ length: templates }, (_, k) => {
  const s = template.snapshot(`HH-${id(k)}`);
  if (!s) throw new Error(`no snapshot of template ${k}`);
  return s.bytes;
});
const templateS = cpuS(cpu);

const before = heap();
cpu = process.cpuUsage();
const detector = new UtilityDetector({}, { household: info });
for (let h = 0; h < households; h++)
  detector.seedSnapshot(`HH-${id(h)}`, snapshots[h % templates] as Uint8Array, []);
const restoreS = cpuS(cpu);
const restored = process.memoryUsage();
cpu = process.cpuUsage();
peak.arrayBuffers = 0;
peak.heapTotal = 0;
feed(detector, households, end, end + hours * 4);
const feedS = cpuS(cpu);
const bytes = (heap() - before) / households;
// RSS holds more than the live state: the heap V8 grew to while feeding (garbage collected but
// its pages kept) and Node itself; heapTotal says how much of it is the heap's.
const mem = process.memoryUsage();
const mb = (x: number): number => Math.round(x / 2 ** 20);
console.log(
  JSON.stringify({
    households,
    hours,
    templates,
    models: detector.models(),
    heapPerHouseholdB: Math.round(bytes),
    detectorHeapMB: Math.round((bytes * households) / 2 ** 20),
    rssMB: mb(mem.rss),
    heapTotalMB: mb(mem.heapTotal),
    heapUsedMB: mb(mem.heapUsed),
    arrayBuffersMB: mb(mem.arrayBuffers),
    afterRestoreMB: {
      rss: mb(restored.rss),
      heapTotal: mb(restored.heapTotal),
      heapUsed: mb(restored.heapUsed),
      arrayBuffers: mb(restored.arrayBuffers),
    },
    feedPeakMB: { arrayBuffers: mb(peak.arrayBuffers), heapTotal: mb(peak.heapTotal) },
    snapshotB: Math.round(snapshots.reduce((n, s) => n + s.length, 0) / templates),
    cpuS: { templates: templateS, restore: restoreS, feed: feedS },
  }),
);
