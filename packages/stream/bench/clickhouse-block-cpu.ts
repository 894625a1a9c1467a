// Benchmark (not a test): CPU per row of embedded chDB's insert of the runtime bench's hourly rows
// (windowed-throughput.ts's table), by body format and block size: the sink's own body
// (`serialise`: JSONCompactEachRowWithNames) against TabSeparatedWithNames, alternating, with the
// CPU of chDB's threads apart from the main thread's. No Kafka. Each round ends with 1.5 s for
// the engine's background merges, which the runtime's process pays too.
//   node packages/stream/bench/clickhouse-block-cpu.ts [rowsPerBlock=20000] [blocks=12] [rounds=4]
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { loadStoreConfig, openStore } from '@onegrid/store';
import { serialise } from '../src/index.ts';
import { threadCpu, threadCpuSince } from './thread-cpu.ts';

const BLOCK = Number(process.argv[2] ?? 20_000);
const BLOCKS = Number(process.argv[3] ?? 12);
const ROUNDS = Number(process.argv[4] ?? 4);
const store = await openStore(
  loadStoreConfig({ ONEGRID_CHDB_PATH: await mkdtemp(path.join(tmpdir(), 'bench-fmt-')) }),
);
const client = store.client;
for (const t of ['h_json', 'h_tsv'])
  await client.command({
    query: `CREATE TABLE ${t} (meter_id String, window_start DateTime64(3, 'UTC'), readings UInt32, kwh Float64) ENGINE = ReplacingMergeTree(readings) ORDER BY (meter_id, window_start)`,
  });
const rows = (round: number, b: number) =>
  Array.from({ length: BLOCK }, (_, i) => ({
    meter_id: `EM-${String((b * BLOCK + i) % 20000).padStart(8, '0')}`,
    window_start: 1789000000 + 3600 * (round * 100 + b),
    readings: 4,
    kwh: 0.75 + i / 1e5,
  }));
const tsv = (rs: readonly Record<string, unknown>[]) => {
  let body = 'meter_id\twindow_start\treadings\tkwh\n';
  for (const r of rs) body += `${r.meter_id}\t${r.window_start}\t${r.readings}\t${r.kwh}\n`;
  return { format: 'TabSeparatedWithNames', body };
};
const run = async (
  table: string,
  enc: (rs: readonly Record<string, unknown>[]) => { format: string; body: string },
  round: number,
) => {
  const before = threadCpu();
  const cpu = process.cpuUsage();
  for (let b = 0; b < BLOCKS; b++) {
    const { format, body } = enc(rows(round, b));
    const r = await client.exec({
      query: `INSERT INTO ${table} FORMAT ${format}`,
      values: Readable.from([body]),
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    r.stream.resume();
    await finished(r.stream);
  }
  await new Promise((r) => setTimeout(r, 1500));
  const u = process.cpuUsage(cpu);
  const t = threadCpuSince(before);
  const main = t.find(([n]) => n === 'MainThread')?.[1] ?? 0;
  return {
    cpu: (u.user + u.system) / 1e6,
    main,
    rest: t.filter(([n]) => n !== 'MainThread' && n !== 'V#Worker').reduce((a, [, s]) => a + s, 0),
  };
};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, table, enc] of [
    ['json', 'h_json', serialise],
    ['tsv', 'h_tsv', tsv],
  ] as const) {
    const r = await run(table, enc as never, round);
    console.log(
      `${name} round ${round}: ${BLOCK * BLOCKS} rows, CPU ${r.cpu.toFixed(2)} s (main ${r.main.toFixed(2)}, chDB threads ${r.rest.toFixed(2)}) = ${((1e6 * r.cpu) / (BLOCK * BLOCKS)).toFixed(2)} µs/row`,
    );
  }
}
console.log(
  JSON.stringify(
    await (
      await client.query({
        query: 'SELECT (SELECT count() FROM h_json) j, (SELECT count() FROM h_tsv) t',
        format: 'JSONEachRow',
      })
    ).json(),
  ),
);
await store.close();
