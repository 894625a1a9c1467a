// Benchmark (not a test): the registries' memory per household in a processors process (issue 17,
// docs/capacity.md §3's R): the simulator city's household records, decoded as the registry
// consumer decodes them, held in a RegistryState; heap after a full collection, before and after.
//   node --expose-gc packages/processors/bench/registry-heap.ts [households=1000000] [seed=42]
// Simulator seed 42 by default (development data of issue 15; no held-out seed is read).
import { decoderFor, TOPICS } from '@onegrid/contracts';
import { buildCity, registryRecords } from '@onegrid/simulator';
import { RegistryState } from '../src/registry/registry-state.ts';

const households = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 42);
const gc = globalThis.gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const city = buildCity({ seed, households });
const decode = decoderFor(TOPICS.households);
const state = new RegistryState();
gc();
const before = process.memoryUsage();
let bytes = 0;
for (const record of registryRecords(city, 0)) {
  if (record.topic !== TOPICS.households) continue;
  const value = Buffer.from(record.value);
  bytes += value.length;
  const decoded = decode(value);
  if (!decoded.ok) throw new Error(`refused: ${decoded.error.reason}`);
  state.upsertHousehold(decoded.value);
}
gc();
const after = process.memoryUsage();
const n = state.households.size;
const perHousehold = (after.heapUsed - before.heapUsed) / n;
console.log(
  `${n.toLocaleString('en')} households (simulator seed ${seed}): registry records ${(bytes / n).toFixed(0)} B a household as sent; ` +
    `held ${perHousehold.toFixed(0)} B a household (heap ${(before.heapUsed / 2 ** 20).toFixed(0)} → ${(after.heapUsed / 2 ** 20).toFixed(0)} MiB); ` +
    `rss ${(after.rss / 2 ** 20).toFixed(0)} MiB`,
);
