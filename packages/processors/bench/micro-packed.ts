// Micro-benchmark of the re-keyed meter topic's two encodings (not a test): encode and decode of
// 20,000 readings (a flush of 10,000 households' two meters), µs per reading, median of rounds.
//   node packages/processors/bench/micro-packed.ts [rounds]
import {
  decodeHouseholdReadings,
  encodeHouseholdReadings,
  encodeHouseholdReadingsJson,
  type SourcedReading,
} from '../src/internal/household-readings.ts';

const ROUNDS = Number(process.argv[2] ?? 15);
const N = 20_000;
const ts = '2026-09-14T08:15:00+08:00';
const rows: SourcedReading[] = Array.from({ length: N }, (_, i) => {
  const n = String(i >> 1).padStart(8, '0');
  const water = i % 2 === 0;
  return {
    partition: i % 6,
    event: water
      ? {
          meter_id: `WM-${n}`,
          household_id: `HH-${n}`,
          kind: 'water',
          ts,
          reading: 100 + i / 1000,
          unit: 'm3',
        }
      : {
          meter_id: `EM-${n}`,
          household_id: `HH-${n}`,
          kind: 'electricity',
          ts,
          reading: 1000 + i / 7,
          unit: 'kWh',
        },
  };
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const time = (f: () => unknown) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e3 / N;
};
const codecs = {
  json: encodeHouseholdReadingsJson,
  binary: encodeHouseholdReadings,
};
for (const [name, encode] of Object.entries(codecs)) {
  const enc: number[] = [];
  const dec: number[] = [];
  let message: string | Buffer = encode(rows);
  for (let r = 0; r < ROUNDS; r++) {
    enc.push(
      time(() => {
        message = encode(rows);
      }),
    );
    dec.push(time(() => decodeHouseholdReadings(message)));
  }
  console.log(
    `${name}: ${Buffer.byteLength(message)} B (${(Buffer.byteLength(message) / N).toFixed(1)} per reading); encode ${median(enc).toFixed(3)} µs, decode ${median(dec).toFixed(3)} µs per reading`,
  );
}
