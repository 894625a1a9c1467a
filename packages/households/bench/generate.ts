// Generation benchmark: a whole household feed (default 2,000 households × 21 days, ~8M
// readings) produced and serialised to bytes without Kafka, against a baseline in the same run:
// packages/simulator's meter stream for the same households and hours (its other streams off).
// Prints messages/s, the speed-up over real time, the ratio, and the peak resident memory.
//   node packages/households/bench/generate.ts [--households 2000] [--days 21] [--seed 1]
import { parseArgs } from 'node:util';
import { createScenario } from '@onegrid/simulator';
import { generate } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '2000' },
    days: { type: 'string', default: '21' },
    seed: { type: 'string', default: '1' },
  },
});
const households = Number(values.households);
const days = Number(values.days);
const seed = Number(values.seed);

interface Run {
  messages: number;
  bytes: number;
  seconds: number;
  peakRss: number;
  peakHeap: number;
}

function measure(records: Iterable<{ key: string; value: string | Uint8Array }>): Run {
  let messages = 0;
  let bytes = 0;
  let peakRss = 0;
  let peakHeap = 0;
  const began = performance.now();
  for (const r of records) {
    bytes += r.key.length + (typeof r.value === 'string' ? Buffer.byteLength(r.value) : r.value.byteLength);
    messages++;
    if ((messages & 0x3ffff) === 0) {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
  }
  return { messages, bytes, seconds: (performance.now() - began) / 1000, peakRss, peakHeap };
}

const print = (name: string, r: Run, hours: number) =>
  console.log(
    `${name.padEnd(12)} ${String(r.messages).padStart(9)} messages, ${(r.bytes / 1e6).toFixed(0)} MB in ${r.seconds.toFixed(1)} s: ${Math.round(r.messages / r.seconds)} msg/s, ×${Math.round((hours * 3600) / r.seconds)} real time, peak RSS ${(r.peakRss / 2 ** 20).toFixed(0)} MiB, heap ${(r.peakHeap / 2 ** 20).toFixed(0)} MiB`,
  );

const ours = measure(generate({ seed, households, days }));
print('households', ours, days * 24);
const scenario = createScenario({
  seed,
  households: Math.max(100, households),
  hours: Math.min(days * 24, 336), // the simulator's longest window; rates are compared, not totals
  streams: { weather: false, waterLevels: false, tickets: false, evacuations: false, resources: false },
});
const baseline = measure(
  (function* () {
    yield* scenario.registry();
    yield* scenario.events();
  })(),
);
print('simulator', baseline, Math.min(days * 24, 336));
console.log(
  `ratio households / simulator: ${(ours.messages / ours.seconds / (baseline.messages / baseline.seconds)).toFixed(2)} in messages/s`,
);
