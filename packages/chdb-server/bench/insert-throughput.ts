// Insert throughput through chdb-server (HTTP, another process) against chDB in-process, same run.
//   node packages/chdb-server/bench/insert-throughput.ts [--rows 200000] [--batch 2000] [--clients 2] [--pings 500]
// Both sides insert meter-reading rows into the migrated `meter_readings` table with
// @clickhouse/client, as clickHouseSink does (JSONEachRow, insert_deduplication_token,
// date_time_input_format=best_effort). The baseline is the embedded store: the same client
// over chdb/connection in this process. Small statements (SELECT 1) are timed too: they
// show the per-request cost of the HTTP hop, the fresh connection and the queue.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ClickHouseClient } from '@clickhouse/client';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { spawnChdbServer } from '../src/spawn.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '2' },
    pings: { type: 'string', default: '500' },
  },
});
const totalRows = Number(values.rows);
const batchSize = Number(values.batch);
const clientCount = Number(values.clients);
const pings = Number(values.pings);
const start = Date.parse('2026-11-01T00:00:00+08:00');

/** Batch `b` of meter readings: 200 meters, a reading every 15 minutes, cumulative registers. */
function batch(b: number): object[] {
  return Array.from({ length: batchSize }, (_, i) => {
    const n = b * batchSize + i;
    const meter = n % 200;
    const step = Math.floor(n / 200);
    return {
      meter_id: `WM-${String(meter).padStart(6, '0')}`,
      household_id: `HH-${String(meter).padStart(6, '0')}`,
      kind: 'water',
      ts: new Date(start + step * 15 * 60_000).toISOString().replace('Z', '+00:00'),
      reading: step * 0.013 + meter,
    };
  });
}

/** Inserts all batches over `clients` (each client takes every clients-th batch, in turn). */
async function insertAll(clients: readonly ClickHouseClient[], label: string): Promise<number> {
  const batches = Array.from({ length: Math.ceil(totalRows / batchSize) }, (_, b) => batch(b));
  const began = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let b = c; b < batches.length; b += clients.length) {
        await client.insert({
          table: 'meter_readings',
          values: batches[b] as object[],
          format: 'JSONEachRow',
          clickhouse_settings: {
            insert_deduplication_token: `${label}-${b}`,
            date_time_input_format: 'best_effort',
          },
        });
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const [row] =
    (await (
      await clients[0]?.query({ query: 'SELECT count() AS n FROM meter_readings', format: 'JSONEachRow' })
    )?.json<{ n: number }>()) ?? [];
  if (Number(row?.n) !== batches.length * batchSize) throw new Error(`${label}: ${row?.n} rows stored`);
  return (batches.length * batchSize) / seconds;
}

async function statementsPerSecond(client: ClickHouseClient): Promise<number> {
  const began = performance.now();
  for (let i = 0; i < pings; i++)
    await client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
  return pings / ((performance.now() - began) / 1000);
}

const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}`;
const dirs = {
  embedded: await mkdtemp(path.join(os.tmpdir(), 'bench-embedded-')),
  server: await mkdtemp(path.join(os.tmpdir(), 'bench-server-')),
};
const stores: Store[] = [];
const server = await spawnChdbServer({ path: dirs.server, env: { LOG_LEVEL: 'warn' } });
try {
  const embedded = await openStore(loadStoreConfig({ ONEGRID_CHDB_PATH: dirs.embedded }));
  stores.push(embedded);
  await migrate(embedded.client);
  const remote: Store[] = [];
  for (let c = 0; c < Math.max(1, clientCount); c++)
    remote.push(await openStore(loadStoreConfig({ CLICKHOUSE_URL: server.url })));
  stores.push(...remote);
  await migrate(remote[0]?.client as ClickHouseClient);

  console.log(
    `rows ${totalRows}, batch ${batchSize}, HTTP clients ${clientCount}, ${os.cpus().length} cores`,
  );
  const inProcess = await insertAll([embedded.client], 'embedded');
  console.log(`in-process chDB (embedded store, 1 client)   ${rate(inProcess)} rows/s`);
  await remote[0]?.client.command({ query: 'TRUNCATE TABLE meter_readings' });
  const httpOne = await insertAll([remote[0]?.client as ClickHouseClient], 'http-1');
  console.log(
    `chdb-server over HTTP (1 client)              ${rate(httpOne)} rows/s  ratio ${(httpOne / inProcess).toFixed(2)}`,
  );
  await remote[0]?.client.command({ query: 'TRUNCATE TABLE meter_readings' });
  const httpMany = await insertAll(
    remote.map((s) => s.client),
    'http-n',
  );
  console.log(
    `chdb-server over HTTP (${clientCount} clients)             ${rate(httpMany)} rows/s  ratio ${(httpMany / inProcess).toFixed(2)}`,
  );

  const pingLocal = await statementsPerSecond(embedded.client);
  const pingHttp = await statementsPerSecond(remote[0]?.client as ClickHouseClient);
  console.log(`SELECT 1, in-process                           ${rate(pingLocal)} statements/s`);
  console.log(
    `SELECT 1, over HTTP                            ${rate(pingHttp)} statements/s  ratio ${(pingHttp / pingLocal).toFixed(2)}`,
  );
} finally {
  for (const s of stores) await s.close();
  await server.stop();
  await rm(dirs.embedded, { recursive: true, force: true });
  await rm(dirs.server, { recursive: true, force: true });
}
