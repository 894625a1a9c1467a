// Benchmark (not a test): CPU-seconds of the process (this thread and chDB's) per block of raw
// meter rows inserted into the migrated `meter_readings` on embedded chDB, by the ClickHouse
// sink's two bodies: the default JSON (JSONCompactEachRowWithNames of a row object per reading,
// as the archive wrote it before issue 17's session 14) and TabSeparatedWithNames written from
// the records (`meterRecordsTsv`, now). Alternated, each block its own hour; no Kafka.
//   node packages/processors/bench/insert-formats.ts [rows=100000] [rounds=5]
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { MeterReading } from '@onegrid/contracts';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore } from '@onegrid/store';
import { clickHouseSink, type SourceRecord } from '@onegrid/stream';
import { type MeterRow, meterRecordsTsv, meterRowAt } from '../src/archive/meter-row.ts';

const ROWS = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const store = await openStore(
  loadStoreConfig({ ONEGRID_CHDB_PATH: await mkdtemp(path.join(tmpdir(), 'bench-insert-')) }),
);
await migrate(store.client);
const options = {
  maxRows: Number.MAX_SAFE_INTEGER,
  maxDelayMs: 3_600_000,
  retry: { baseMs: 200, capMs: 1_000 },
  logger: createLogger('bench', 'error'),
};
const json = clickHouseSink<MeterRow>(store.client, 'meter_readings', options);
const tsv = clickHouseSink<SourceRecord<MeterReading>>(store.client, 'meter_readings', {
  ...options,
  encode: meterRecordsTsv,
});

const recordsOf = (block: number): SourceRecord<MeterReading>[] =>
  Array.from({ length: ROWS }, (_, i) => {
    const eventTime = Date.UTC(2026, 8, 14) + block * 3_600_000 + (i % 4) * 900_000;
    const water = i % 2 === 0;
    return {
      event: {
        meter_id: `${water ? 'WM' : 'EM'}-${String(i >> 1).padStart(7, '0')}`,
        household_id: `HH-${String(i >> 1).padStart(7, '0')}`,
        kind: water ? 'water' : 'electricity',
        ts: new Date(eventTime).toISOString(),
        reading: 1000 + i / 7,
        unit: water ? 'm3' : 'kWh',
      },
      eventTime,
      partition: 0,
      offset: block * ROWS + i,
    };
  });

const cpuOf = async (run: () => Promise<void>) => {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const spent: Record<'json' | 'tsv', number[]> = { json: [], tsv: [] };
for (let round = 0; round < ROUNDS; round++) {
  const a = recordsOf(2 * round);
  const b = recordsOf(2 * round + 1);
  const provenance = (block: number) => ({
    topic: 'bench',
    partition: 0,
    fromOffset: block,
    toOffset: block,
  });
  // The row objects are made inside the timed part: the archive made one per reading.
  spent.json.push(
    await cpuOf(async () => {
      await json.write(
        a.map((r) => meterRowAt(r.event, r.eventTime)),
        provenance(2 * round),
      );
      await json.flush();
    }),
  );
  spent.tsv.push(
    await cpuOf(async () => {
      await tsv.write(b, provenance(2 * round + 1));
      await tsv.flush();
    }),
  );
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN;
for (const [way, xs] of Object.entries(spent))
  console.log(
    `${way}: ${ROWS.toLocaleString('en')} rows per block, CPU-seconds ${xs.map((x) => x.toFixed(2)).join(' ')} (median ${median(xs).toFixed(2)})`,
  );
const [stored] = await (
  await store.client.query({ query: 'SELECT count() AS n FROM meter_readings', format: 'JSONEachRow' })
).json<{ n: string }>();
console.log(`rows stored ${stored?.n} of ${2 * ROUNDS * ROWS}; load average ${loadavg()[0]?.toFixed(1)}`);
await store.close();
