/**
 * The external generator's cost: the Python models through main's path (the libraries' own day
 * functions, ONEGRID_ENDUSE_REFERENCE=1: the baseline) and through the fast path, back to back
 * on the same households and days, each into a temporary cache; the two outputs must be the same
 * bytes. Then the feed, and packages/households generating the same households and days. Prints
 * CPU per household-day of both paths, their ratio, and the machine's load before and after.
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
import { loadUsage, type Usage } from '../src/usage.ts';

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

const config = parseEnduseConfig({ seed, households, days });
const householdDays = households * days;

async function models(reference: boolean): Promise<{ usage: Usage; wallS: number; cpuMs: number }> {
  const cache = mkdtempSync(path.join(tmpdir(), 'onegrid-enduse-bench-'));
  process.env.ONEGRID_ENDUSE_CACHE = cache;
  if (reference) process.env.ONEGRID_ENDUSE_REFERENCE = '1';
  else delete process.env.ONEGRID_ENDUSE_REFERENCE;
  const t = performance.now();
  const usage = await loadUsage(config, { workers }).finally(() => {
    rmSync(cache, { recursive: true, force: true });
    delete process.env.ONEGRID_ENDUSE_REFERENCE;
  });
  const wallS = (performance.now() - t) / 1000;
  const cpuMs = (usage.meta.cpu_seconds * 1000) / householdDays;
  const name = reference ? "main's path (the libraries' day functions)" : 'fast path';
  console.log(
    `enduse models, ${name}: ${wallS.toFixed(1)} s wall, ${usage.meta.cpu_seconds} s CPU = ${cpuMs.toFixed(1)} ms CPU per household-day; load ${load()}`,
  );
  return { usage, wallS, cpuMs };
}

const reference = await models(true);
const fast = await models(false);
const same = (a: Float32Array, b: Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
if (!same(reference.usage.water, fast.usage.water) || !same(reference.usage.power, fast.usage.power))
  throw new Error('the fast path wrote other bytes than the reference path');
console.log(
  `same bytes: yes; CPU ratio, main's path / fast path: ${(reference.cpuMs / fast.cpuMs).toFixed(1)}×`,
);

let t = performance.now();
let baseline = 0;
for (const _ of householdsGeneration({ seed, households, days }).records()) baseline++;
const baselineS = (performance.now() - t) / 1000;
console.log(`packages/households, same size: ${baseline} messages in ${baselineS.toFixed(1)} s`);
t = performance.now();
let messages = 0;
for (const _ of createGeneration(config, fast.usage).records()) messages++;
const feedS = (performance.now() - t) / 1000;
console.log(`enduse feed: ${messages} messages in ${feedS.toFixed(1)} s`);

const perSeed = (cpuMs: number) => (cpuMs * 42_000) / 60_000;
console.log(
  `2,000 households × 21 days per seed: ${perSeed(reference.cpuMs).toFixed(0)} CPU-minutes by main's path, ${perSeed(fast.cpuMs).toFixed(1)} by the fast path (${(perSeed(fast.cpuMs) / workers).toFixed(1)} min on ${workers} idle cores); load now ${load()}`,
);
