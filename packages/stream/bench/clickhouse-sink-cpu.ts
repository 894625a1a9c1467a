// Benchmark (not a test): CPU per block of the ClickHouse sink's write, the way it inserts now
// (rows serialised once, compactly when they share their keys, hashed, sent with `exec`) against the way it did before issue 17's
// second pass (each row serialised for the hash, then again by `insert`), alternating, in one
// process on embedded chDB. No Kafka: only the sink's insert path.
//   node packages/stream/bench/clickhouse-sink-cpu.ts [rows=100000] [rounds=5]
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, openStore } from '@onegrid/store';
import { clickHouseSink } from '../src/index.ts';

const ROWS = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const store = await openStore(
  loadStoreConfig({ ONEGRID_CHDB_PATH: await mkdtemp(path.join(tmpdir(), 'bench-sink-')) }),
);
const client = store.client;
await client.command({
  query: `CREATE TABLE IF NOT EXISTS sink_bench (meter_id String, household_id String, kind LowCardinality(String),
    ts DateTime64(3, 'Asia/Shanghai'), reading Float64, reset Bool) ENGINE = MergeTree ORDER BY (meter_id, ts)`,
});
const rowsOf = (round: number) =>
  Array.from({ length: ROWS }, (_, i) => ({
    meter_id: `EM-${String(i).padStart(8, '0')}`,
    household_id: `HH-${String(i).padStart(8, '0')}`,
    kind: 'electricity',
    ts: new Date(Date.UTC(2026, 8, 14, round) + (i % 4) * 900_000).toISOString().replace('Z', '+00:00'),
    reading: 1000 + i / 7,
    reset: false,
  }));

/** The sink's insert before: a hash over each row's JSON, then the client's insert of the array. */
async function before(rows: readonly object[], round: number) {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(JSON.stringify(row));
  await client.insert({
    table: 'sink_bench',
    values: rows as object[],
    format: 'JSONEachRow',
    clickhouse_settings: {
      insert_deduplication_token: `before/${round}#${hash.digest('base64url')}`,
      date_time_input_format: 'best_effort',
    },
  });
}

const logger = createLogger('bench', 'error');
const now = clickHouseSink<object>(client, 'sink_bench', {
  maxRows: Number.MAX_SAFE_INTEGER,
  maxDelayMs: 3_600_000,
  retry: { baseMs: 200, capMs: 1_000 },
  logger,
});

const cpu = async (run: () => Promise<void>) => {
  const start = process.cpuUsage();
  const wall = performance.now();
  await run();
  const used = process.cpuUsage(start);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - wall) / 1000 };
};
const results: { way: string; cpu: number; wall: number }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const a = rowsOf(2 * round);
  const b = rowsOf(2 * round + 1);
  results.push({ way: 'before', ...(await cpu(() => before(a, round))) });
  results.push({
    way: 'now',
    ...(await cpu(async () => {
      await now.write(b, { topic: 'bench', partition: 0, fromOffset: round, toOffset: round });
      await now.flush();
    })),
  });
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN;
for (const way of ['before', 'now']) {
  const mine = results.filter((r) => r.way === way);
  console.log(
    `${way}: ${ROWS.toLocaleString('en')} rows per block, CPU-seconds per block ${mine.map((r) => r.cpu.toFixed(2)).join(' ')} ` +
      `(median ${median(mine.map((r) => r.cpu)).toFixed(2)}), wall ${mine.map((r) => r.wall.toFixed(2)).join(' ')}`,
  );
}
const stored = await (
  await client.query({ query: 'SELECT count() AS n FROM sink_bench', format: 'JSONEachRow' })
).json();
console.log(
  `rows stored: ${JSON.stringify(stored)}; load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
);
await now.close();
await store.close();
