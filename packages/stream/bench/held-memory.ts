// Heap cost of messages held while a registry catches up: holds N meter readings (raw bytes and
// decoded message, as the runtime keeps them) and reports the heap growth per message.
//   node --expose-gc packages/stream/bench/held-memory.ts [N]
import { HeldMessages } from '../src/core/held-messages.ts';
import { benchCodec, meterReadingSchema } from './meter-readings.ts';

const N = Number(process.argv[2] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function reading(i: number): Buffer {
  const id = String(90_000_000 + i);
  return Buffer.from(
    JSON.stringify({
      meter_id: `WM-${id}`,
      household_id: `HH-${id}`,
      kind: 'water',
      ts: '2026-09-14T08:15:00+08:00',
      reading: 1834.562 + i,
      unit: 'm3',
    }),
  );
}

gc();
const before = process.memoryUsage().heapUsed;
const decode = benchCodec.decoder(meterReadingSchema);
const held = new HeldMessages<unknown>({ graceMs: 900_000, maxPerKey: 100, maxHeld: N });
let bytes = 0;
for (let i = 0; i < N; i++) {
  const value = reading(i);
  bytes += value.length;
  const decoded = decode(value.toString('utf8'));
  if (!decoded.ok) throw new Error(decoded.error.reason);
  const message = { offset: i, key: Buffer.from(`WM-${90_000_000 + i}`), value };
  held.add(0, i, `WM-${90_000_000 + i}`, 0, { message, event: decoded.value, error: undefined });
}
gc();
const after = process.memoryUsage().heapUsed + 0;
const external = process.memoryUsage().arrayBuffers;
console.log(
  `${N} held meter readings: heap +${((after - before) / 1e6).toFixed(1)} MB (${Math.round((after - before) / N)} B each), ` +
    `message bytes ${(bytes / 1e6).toFixed(1)} MB (${Math.round(bytes / N)} B each, outside the heap: arrayBuffers ${(external / 1e6).toFixed(1)} MB); held ${held.size}`,
);
