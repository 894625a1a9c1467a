/**
 * The external generator's cost: the Python models (run afresh into a temporary cache) and the
 * feed, against packages/households generating the same households and days in the same run
 * (the baseline). Prints wall and CPU time, CPU per household-day, and the machine's load.
 *
 *   node packages/enduse-generator/bench/generate.ts [--households 100] [--days 21] [--seed 901] [--workers 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { numberFlag } from '@onegrid/feed-io';
import { createGeneration as householdsGeneration } from '@onegrid/households';
import { parseEnduseConfig } from '../src/config.ts';
import { createGeneration } from '../src/generate.ts';
import { loadUsage } from '../src/usage.ts';

const { values } = parseArgs({
  options: {
    households: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
  },
});
const households = numberFlag('households', values.households) ?? 100;
const days = numberFlag('days', values.days) ?? 21;
const seed = numberFlag('seed', values.seed) ?? 901;
const workers = numberFlag('workers', values.workers) ?? cpus().length;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(`${households} households × ${days} days, seed ${seed}, ${workers} workers; load ${load()}`);

let t = performance.now();
let baseline = 0;
for (const _ of householdsGeneration({ seed, households, days }).records()) baseline++;
const baselineS = (performance.now() - t) / 1000;
console.log(`baseline packages/households: ${baseline} messages in ${baselineS.toFixed(1)} s`);

const cache = mkdtempSync(path.join(tmpdir(), 'onegrid-enduse-bench-'));
process.env.ONEGRID_ENDUSE_CACHE = cache;
const config = parseEnduseConfig({ seed, households, days });
t = performance.now();
const usage = await loadUsage(config, { workers }).finally(() =>
  rmSync(cache, { recursive: true, force: true }),
);
const modelsS = (performance.now() - t) / 1000;
t = performance.now();
let messages = 0;
for (const _ of createGeneration(config, usage).records()) messages++;
const feedS = (performance.now() - t) / 1000;
const householdDays = households * days;
const cpuMs = (usage.meta.cpu_seconds * 1000) / householdDays;
console.log(
  `enduse models: ${modelsS.toFixed(1)} s wall, ${usage.meta.cpu_seconds} s CPU = ${cpuMs.toFixed(0)} ms CPU per household-day`,
);
console.log(`enduse feed: ${messages} messages in ${feedS.toFixed(1)} s`);
console.log(
  `ratio, enduse (models + feed) / households, wall: ${((modelsS + feedS) / baselineS).toFixed(1)}×`,
);
console.log(
  `2,000 households × 21 days at this CPU cost: ${((cpuMs * 42_000) / 60_000).toFixed(0)} CPU-minutes, ${((cpuMs * 42_000) / 60_000 / workers).toFixed(0)} min on ${workers} idle cores; load now ${load()}`,
);
