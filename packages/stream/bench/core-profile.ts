// Benchmark of the runtime's per-event path without Kafka (decode + windows on 1M readings),
// for profiling:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof packages/stream/bench/core-profile.ts
import { PartitionTasks, tumblingWindows, WindowedAggregation } from '../src/index.ts';
import { benchCodec, type MeterReading, meterReadingSchema, toEpochMs } from './meter-readings.ts';

const TOTAL = 1_000_000;
const start = Date.parse('2026-09-14T00:00:00+08:00');
const values: Buffer[] = [];
for (let i = 0; i < TOTAL; i++) {
  const meter = i % 20_000;
  const step = Math.floor(i / 20_000);
  values.push(
    Buffer.from(
      JSON.stringify({
        meter_id: `EM-${String(meter).padStart(8, '0')}`,
        household_id: `HH-${String(meter).padStart(8, '0')}`,
        kind: 'electricity',
        ts: new Date(start + step * 900_000).toISOString().replace('Z', '+00:00'),
        reading: 1000 + step * 0.25,
        unit: 'kWh',
      }),
    ),
  );
}
const decode = benchCodec.decoder(meterReadingSchema);
const tasks = new PartitionTasks<MeterReading, unknown>({ outOfOrdernessMs: 900_000, idleTimeoutMs: 60_000 });
const operator = new WindowedAggregation<MeterReading, { n: number }, unknown>({
  windows: tumblingWindows(3_600_000),
  allowedLatenessMs: 0,
  key: (r) => r.meter_id,
  id: (r) => r.ts,
  aggregator: {
    create: () => ({ n: 0 }),
    add: (a) => {
      a.n += 1;
      return a;
    },
  },
  result: (w) => w,
});
tasks.assign(0, 0, undefined, 0, operator);
let emitted = 0;
const t0 = performance.now();
let decodeMs = 0;
for (let i = 0; i < TOTAL; i += 1000) {
  const d0 = performance.now();
  const records = [];
  for (let j = i; j < i + 1000; j++) {
    const r = decode(values[j]?.toString('utf8') ?? null);
    if (r.ok)
      records.push({
        event: r.value,
        eventTime: toEpochMs(r.value.ts),
        partition: 0,
        offset: j,
      });
  }
  decodeMs += performance.now() - d0;
  tasks.process(0, records, 0, { emit: () => emitted++ }, () => {});
}
const total = performance.now() - t0;
console.log(
  `decode ${(TOTAL / (decodeMs / 1000)).toFixed(0)} ev/s; whole ${(TOTAL / (total / 1000)).toFixed(0)} ev/s; windows ${(TOTAL / ((total - decodeMs) / 1000)).toFixed(0)} ev/s; emitted ${emitted}`,
);
