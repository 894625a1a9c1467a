// Start-up against a Kafka that does not answer yet: the port is open at once, /health/live
// answers, /health/ready answers 503 naming Kafka, and once the brokers answer the process
// starts and is ready. "Not answering yet" is a port where nothing listens; then a TCP relay
// there to the real broker (the bootstrap address only: the broker's metadata names its own).
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort, tcpRelay } from '../../../test/support/tcp-relay.ts';
import { waitUntil } from '../../../test/support/wait-until.ts';
import { loadAppConfig } from './config.ts';
import { type RunningApp, startApp } from './start.ts';

const cleanUp: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step();
});

/** A server's configuration: these app settings, Kafka at `kafkaPort`, chDB in `dir`. */
const serverConfig = (app: Record<string, string>, kafkaPort: number, dir: string) => ({
  app: loadAppConfig({ ONEGRID_ROLE: 'server', ...app }),
  kafka: loadKafkaConfig({
    KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
  }),
  store: loadStoreConfig({ ONEGRID_CHDB_PATH: dir }),
  server: loadServerConfig({ ONEGRID_TOKENS: `display-${randomUUID()}:display` }),
});

describe('app > the port opens before its dependencies answer', () => {
  it('is live at once, names Kafka while it waits for it, and is ready once Kafka answers', async () => {
    const broker = inject('kafkaBrokers').split(',')[0] ?? '';
    const [kafkaPort, httpPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${httpPort}`;
    const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-front-'));
    let started: RunningApp | undefined;
    let failed: unknown;
    const starting = startApp(
      serverConfig({ ONEGRID_HTTP_PORT: String(httpPort), ONEGRID_KAFKA_WAIT_S: '120' }, kafkaPort, dir),
      createLogger('e2e', 'silent'),
    ).then(
      (app) => {
        started = app;
        return app;
      },
      (error: unknown) => {
        failed = error;
        return undefined;
      },
    );
    // A test failed before the relay opened would wait out the start's 120 s for Kafka: the
    // relay is opened then, so the start ends at once, and stopped after it.
    let relayed: Awaited<ReturnType<typeof tcpRelay>> | undefined;
    cleanUp.push(async () => {
      relayed ??= await tcpRelay(kafkaPort, broker);
      try {
        await (await starting)?.stop();
      } finally {
        await relayed.close();
      }
    });

    // Live while start-up waits for Kafka (before: the port opened only after Kafka answered).
    const waiting = await waitUntil(
      async () => {
        if (failed !== undefined) throw failed;
        const live = await fetch(`${base}/health/live`).catch(() => undefined);
        if (live?.status !== 200) return undefined;
        const ready = await fetch(`${base}/health/ready`);
        const body = (await ready.json()) as { waiting?: string };
        return body.waiting === 'kafka' ? { status: ready.status, body } : undefined;
      },
      {
        deadlineMs: 60_000,
        intervalMs: 200,
        describe: () => '/health/live never answered while Kafka was down',
      },
    );
    expect(waiting.status).toBe(503);
    expect(waiting.body).toMatchObject({
      status: 'starting',
      waiting: 'kafka',
      components: { kafka: { ok: false, error: expect.stringContaining('Kafka') } },
    });
    expect(started).toBeUndefined();
    // The API is not served yet, and says why.
    const api = await fetch(`${base}/api/state/alerts`);
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');

    relayed = await tcpRelay(kafkaPort, broker);
    const app = await starting;
    expect(failed).toBeUndefined();
    expect(app?.url).toBe(base);
    // The same port now serves the app: readiness as the app judges it.
    const ready = await waitUntil(
      async () => {
        const response = await fetch(`${base}/health/ready`);
        return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
      },
      { deadlineMs: 90_000, intervalMs: 250, describe: () => '/health/ready never 200' },
    );
    expect(ready).toMatchObject({
      status: 'ready',
      components: { kafka: { ok: true }, clickhouse: { ok: true } },
    });
  });

  it('exits 1 naming the step when start-up passes its deadline', async () => {
    // Kafka never answers and its wait (60 s) is longer than the whole start-up's deadline (5 s):
    // before, live and never ready until the wait ended; a step after the waits, for ever. No
    // migrations, so that the deadline finds the start at Kafka however loaded the host.
    const kafkaPort = await freePort();
    const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-front-'));
    const exits: number[] = [];
    const starting = startApp(
      serverConfig(
        {
          ONEGRID_HTTP_PORT: '0',
          ONEGRID_KAFKA_WAIT_S: '60',
          ONEGRID_STARTUP_S: '5',
          ONEGRID_MIGRATE: 'off',
        },
        kafkaPort,
        dir,
      ),
      createLogger('e2e', 'silent'),
      { exit: (code) => exits.push(code) },
    );
    // The wait for Kafka ends on the deadline too (it is told), so the start fails at once.
    await expect(starting).rejects.toThrow(
      /start-up did not finish within 5 s \(ONEGRID_STARTUP_S\): stuck at kafka: Kafka brokers to answer/,
    );
    expect(exits).toEqual([1]);
  });
});
