// The main job as `./onegrid demo` runs it (every processor and the server in one process) on
// the test broker and a fresh store, for the browser tests on the whole stack.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAppConfig, type RunningApp, startApp } from '@onegrid/app';
import { loadKafkaConfig } from '@onegrid/kafka';
import { loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import { inject } from 'vitest';
import { logger, unique } from '../../support/stack.ts';

/**
 * Starts the main job polling every 500 ms on a store in a new temporary directory, with a
 * display token (the wall's) and an analyst token (for `storeSays`); `name` tags its consumer
 * groups and folder.
 */
export async function startStackApp(name: string, tokens: { display: string; analyst: string }) {
  const dir = await mkdtemp(path.join(tmpdir(), `onegrid-${name}-chdb-`));
  return startApp(
    {
      app: loadAppConfig({ ONEGRID_HTTP_PORT: '0', ONEGRID_POLL_MS: '500' }),
      kafka: loadKafkaConfig({
        KAFKA_BROKERS: inject('kafkaBrokers'),
        ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
      }),
      store: loadStoreConfig({ ONEGRID_CHDB_PATH: dir }),
      server: loadServerConfig({ ONEGRID_TOKENS: `${tokens.display}:display,${tokens.analyst}:analyst` }),
    },
    logger,
    { groupPrefix: `${unique(`onegrid.${name}`)}.` },
  );
}

/** The number `sql` answers in its column `n`, asked over `/api/sql` with an analyst token. */
export async function storeSays(app: RunningApp, analystToken: string, sql: string): Promise<number> {
  const response = await fetch(`${app.url}/api/sql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${analystToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql }),
  });
  if (!response.ok) throw new Error(`${sql}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { rows: { n: number | string }[] };
  return Number(body.rows[0]?.n);
}
