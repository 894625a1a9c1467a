// The main job in the processors role (ONEGRID_ROLE=processors, a ClickHouse server through
// CLICKHOUSE_URL), as an operator's probes and Prometheus meet it: its HTTP port answers
// /health with Kafka, ClickHouse and each processor's lag and watermark (503 naming ClickHouse
// while it is down), and /metrics with the runtime's counters; stopping the app closes the port.
// The processor is the runtime's test processor on a topic of this test's own, in groups of its
// own: the real catalogue would read and write the contract topics other tests use.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AppParts, loadAppConfig, type RunningApp, startApp } from '@onegrid/app';
import { toEpochMs } from '@onegrid/contracts';
import { loadKafkaConfig } from '@onegrid/kafka';
import { loadStoreConfig, openStore } from '@onegrid/store';
import { clickHouseSink } from '@onegrid/stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// The chDB server in a child process, as it runs in use (test/ does not depend on the package:
// spawn.ts needs node built-ins only).
import { type SpawnedChdbServer, spawnChdbServer } from '../../packages/chdb-server/src/spawn.ts';
import { asMessage, cleanReadings, produce } from '../support/meter-feed.ts';
import {
  createHourlyTable,
  expectedHourly,
  type HourlyRow,
  hourlyProcessor,
  lateEventsSink,
  readHourly,
} from '../support/meter-hourly.ts';
import { createTopics, logger, testKafka, unique } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

interface Health {
  status: string;
  components: {
    kafka?: { ok: boolean };
    clickhouse?: { ok: boolean; mode?: string; error?: string };
    processors?: { ok: boolean; processors?: { name: string; lag: number; watermark: string | null }[] };
  };
}

const kafka = testKafka();
const topic = unique('e2e-ops-readings');
const name = unique('ops-hourly');
const table = `ops_hourly_${name.slice(-8)}`;
const readings = cleanReadings({ meters: 5, hours: 3, stepMinutes: 15 });
let chdbDir: string;
let chdb: SpawnedChdbServer;
let app: RunningApp | undefined;

const parts: AppParts = {
  groupPrefix: `${unique('onegrid.e2e-ops')}.`,
  catalogue: async (ctx) => {
    await createHourlyTable(ctx.clickhouse, table);
    const sink = { maxRows: 500, maxDelayMs: 200, retry: { baseMs: 100, capMs: 1_000 }, logger };
    const metrics = { metrics: ctx.metrics.sinks };
    return [
      hourlyProcessor({
        name,
        topic,
        sinks: [clickHouseSink<HourlyRow>(ctx.clickhouse, table, { ...sink, ...metrics })],
        late: lateEventsSink(ctx.clickhouse, { ...sink, ...metrics }),
      }),
    ];
  },
};

async function health(base: string): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${base}/health`);
  return { status: response.status, body: (await response.json()) as Health };
}

/** The value of the sample of `metric` whose labels include `labels`, from Prometheus text. */
function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] !== metric) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

beforeAll(async () => {
  chdbDir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-ops-chdb-'));
  chdb = await spawnChdbServer({ path: chdbDir, env: { LOG_LEVEL: 'warn' } });
  // One partition: the processor's watermark is that partition's, reached by every reading.
  await createTopics(kafka, [{ topic, partitions: 1 }]);
  app = await startApp(
    {
      app: loadAppConfig({ ONEGRID_HTTP_PORT: '0', ONEGRID_ROLE: 'processors' }),
      kafka: loadKafkaConfig({
        KAFKA_BROKERS: inject('kafkaBrokers'),
        ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
      }),
      store: loadStoreConfig({ CLICKHOUSE_URL: chdb.url }),
      server: undefined,
    },
    logger,
    parts,
  );
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await chdb?.stop();
});

describe('main job, processors role: the ops port', () => {
  it('listens on ONEGRID_HTTP_HOST:ONEGRID_HTTP_PORT and answers /health/live', async () => {
    const base = app?.url ?? '';
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(base).port)).toBeGreaterThan(0);
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
  });

  it('/health: 200 with Kafka, ClickHouse and the processor, its lag 0 and its watermark once it has read everything', async () => {
    const base = app?.url ?? '';
    await produce(kafka, topic, readings.map(asMessage));
    const first = Math.min(...readings.map((r) => toEpochMs(r.ts)));
    const last = Math.max(...readings.map((r) => toEpochMs(r.ts)));
    const seen = await waitUntil(
      async () => {
        const { status, body } = await health(base);
        const mine = body.components.processors?.processors?.find((p) => p.name === name);
        return status === 200 && mine?.lag === 0 && mine.watermark !== null ? { body, mine } : undefined;
      },
      { deadlineMs: 60_000, describe: async () => JSON.stringify(await health(base)) },
    );
    expect(seen.body.status).toBe('ok');
    expect(seen.body.components.kafka?.ok).toBe(true);
    expect(seen.body.components.clickhouse).toMatchObject({ ok: true, mode: 'server' });
    expect(seen.body.components.processors?.ok).toBe(true);
    const watermark = Date.parse(seen.mine.watermark ?? '');
    expect(watermark).toBeGreaterThanOrEqual(first);
    expect(watermark).toBeLessThanOrEqual(last);
    // …and what it reports is what it wrote: every hour the watermark closed is in the store.
    const expected = expectedHourly(readings, watermark);
    expect(expected.length).toBeGreaterThan(0);
    const store = await openStore(loadStoreConfig({ CLICKHOUSE_URL: chdb.url }));
    try {
      const rows = await waitUntil(
        async () => {
          const stored = await readHourly(store.client, table);
          return stored.length === expected.length ? stored : undefined;
        },
        {
          deadlineMs: 30_000,
          describe: async () => `${(await readHourly(store.client, table)).length} rows`,
        },
      );
      expect(rows).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it("/metrics: the processors' registry, counting every reading the processor read", async () => {
    const base = app?.url ?? '';
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(sample(text, 'onegrid_stream_events_in_total', { processor: name, topic })).toBe(readings.length);
    expect(sample(text, 'onegrid_stream_consumer_lag', { processor: name, topic, partition: '0' })).toBe(0);
    // The Node process metrics come along (collectDefaultMetrics on the same registry).
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('/health: 503 naming ClickHouse while it is down, 200 again once it is back', async () => {
    const base = app?.url ?? '';
    const port = chdb.port;
    await chdb.stop();
    const down = await waitUntil(
      async () => {
        const answer = await health(base);
        return answer.status === 503 ? answer.body : undefined;
      },
      { deadlineMs: 30_000, describe: async () => JSON.stringify(await health(base)) },
    );
    expect(down.status).toBe('degraded');
    expect(down.components.clickhouse?.ok).toBe(false);
    expect(down.components.kafka?.ok).toBe(true);
    expect(down.components.processors?.processors?.map((p) => p.name)).toEqual([name]);

    chdb = await spawnChdbServer({ path: chdbDir, port, token: chdb.token, env: { LOG_LEVEL: 'warn' } });
    const back = await waitUntil(
      async () => {
        const answer = await health(base);
        return answer.status === 200 ? answer.body : undefined;
      },
      { deadlineMs: 30_000, describe: async () => JSON.stringify(await health(base)) },
    );
    expect(back.components.clickhouse?.ok).toBe(true);
  });

  it('stop() closes the ops port with the rest', async () => {
    const base = app?.url ?? '';
    await app?.stop();
    app = undefined;
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
