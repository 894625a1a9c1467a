// Generation benchmark: a whole scenario (default 48 h of a 100k-household city) produced and
// serialised to bytes, without Kafka. Prints messages/s, MB/s, the speed-up over real time and
// the peak resident memory.
//   node packages/simulator/bench/generate.ts [--households 100000] [--hours 48]
import { parseArgs } from 'node:util';
import { createScenario } from '../src/index.ts';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '100000' },
    hours: { type: 'string', default: '48' },
    seed: { type: 'string', default: '42' },
  },
});
const households = Number(values.households);
const hours = Number(values.hours);
// Values are encoded to UTF-8 in chunks of ~64 KB, as a producer fills its batch buffer:
// one native call per chunk instead of one per 150-byte message.
const CHUNK = 1 << 16;
const scratch = Buffer.allocUnsafe(4 * CHUNK);
let pending = '';
const encode = (): number => {
  const written = scratch.write(pending, 0, 'utf8');
  pending = '';
  return written;
};

const t0 = performance.now();
const scenario = createScenario({ households, hours, seed: Number(values.seed) });
const built = performance.now() - t0;
let messages = 0;
let bytes = 0;
let peakRss = 0;
const began = performance.now();
for (const records of [scenario.registry(), scenario.events()]) {
  for (const r of records) {
    if (typeof r.value === 'string') {
      pending += r.key;
      pending += r.value;
      if (pending.length >= CHUNK) bytes += encode();
    } else bytes += r.key.length + r.value.byteLength;
    messages++;
    if ((messages & 0xfffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}
bytes += encode();
const seconds = (performance.now() - began) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(`city of ${households} households built in ${(built / 1000).toFixed(2)} s`);
console.log(`${messages} messages, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s`);
console.log(`${Math.round(messages / seconds)} messages/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);
console.log(`speed-up over real time: ×${Math.round((hours * 3600) / seconds)}`);
console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
