// A sink failure that can never succeed stops its processor and says so; one that can (ClickHouse
// away for a while) is retried and loses nothing. Real broker, real ClickHouse (chDB).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import { loadStoreConfig, openStore, type Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedChdbServer, spawnChdbServer } from '../../packages/chdb-server/src/spawn.ts';
import { rowsWhenComplete, startHourly, total } from '../support/hourly-run.ts';
import { clean, expected, feedTopic } from '../support/hourly-scenario.ts';
import { createHourlyTable, readHourly } from '../support/meter-hourly.ts';
import { testKafka, testStore, unique } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

let kafka: Kafka;
let store: Store;

beforeAll(async () => {
  kafka = testKafka();
  ({ store } = await testStore());
});
afterAll(async () => {
  await store.close();
});

describe('stream runtime > a sink failure that cannot succeed', () => {
  it('stops the processor, reports it, commits nothing; once fixed, a restart loses nothing', async () => {
    const topic = await feedTopic(kafka, clean);
    const table = unique('e2e_hourly_refusing').replaceAll('-', '_');
    await createHourlyTable(store.client, table);
    // The schema refuses every row of the scenario (a meter reads 4 to 12 times an hour).
    await store.client.command({
      query: `ALTER TABLE ${table} ADD CONSTRAINT too_many CHECK readings > 1000`,
    });
    const group = unique('refusing');
    const run = await startHourly(kafka, { target: store, topic, table, group, commitIntervalMs: 300 });
    try {
      const failure = await waitUntil(async () => run.processor.progress().failure, {
        deadlineMs: 60_000,
        describe: () => `no failure reported after ${run.processor.progress().processed} messages`,
      });
      expect(failure.code).toBe('SINK_REJECTED');
      expect(failure.message).toContain('VIOLATED_CONSTRAINT');
      const failed = (await run.metrics.processorFailed.get()).values;
      expect(failed).toEqual([{ labels: { processor: group, code: 'SINK_REJECTED' }, value: 1 }]);
      // Refused once, not retried forever.
      expect(await total(run.metrics.sinks.failures)).toBe(1);
      expect(await readHourly(store.client, table)).toEqual([]);
    } finally {
      await run.stop();
    }
    // The operator fixes the table and restarts: the uncommitted input is all replayed.
    await store.client.command({ query: `ALTER TABLE ${table} DROP CONSTRAINT too_many` });
    const again = await startHourly(kafka, { target: store, topic, table, group, commitIntervalMs: 300 });
    try {
      expect(await rowsWhenComplete(store, table)).toEqual(expected);
      expect(again.processor.progress().failure).toBeUndefined();
    } finally {
      await again.stop();
    }
  });

  it('retries while the ClickHouse server is down, and loses nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-refusal-'));
    let chdb: SpawnedChdbServer = await spawnChdbServer({ path: dir, env: { LOG_LEVEL: 'warn' } });
    const remote = await openStore(loadStoreConfig({ CLICKHOUSE_URL: chdb.url }));
    const table = 'e2e_hourly_server_down';
    await createHourlyTable(remote.client, table);
    await remote.client.command({
      query: `CREATE TABLE IF NOT EXISTS late_events (processor String, topic String, partition UInt16,
        offset UInt64, event_time DateTime64(3, 'UTC'), watermark Nullable(DateTime64(3, 'UTC')), payload String)
        ENGINE = MergeTree ORDER BY (topic, partition, offset)`,
    });
    const port = chdb.port;
    await chdb.stop();
    // The processor starts while the server is away: every block it writes fails at first.
    const topic = await feedTopic(kafka, clean);
    const group = unique('server-down');
    const run = await startHourly(kafka, { target: remote, topic, table, group, commitIntervalMs: 300 });
    try {
      await waitUntil(async () => ((await total(run.metrics.sinks.failures)) > 0 ? true : undefined), {
        deadlineMs: 60_000,
        describe: () => 'the sink never noticed the server was down',
      });
      chdb = await spawnChdbServer({ path: dir, port, token: chdb.token, env: { LOG_LEVEL: 'warn' } });
      expect(await rowsWhenComplete(remote, table)).toEqual(expected);
      expect(run.processor.progress().failure).toBeUndefined();
      expect(await total(run.metrics.processorFailed)).toBe(0);
    } finally {
      await run.stop();
      await remote.close();
      await chdb.stop();
    }
  });
});
