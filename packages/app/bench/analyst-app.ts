// What both analyst benches (analyst-lag.ts, analyst-drain.ts) share: the main job started with
// five analyst tokens, and one heavy analyst query sent as an analyst would.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import { loadAppConfig, startApp } from '../src/index.ts';

// A query that keeps one engine thread busy for seconds: a 4·10⁸-pair join, counted.
const HEAVY =
  'SELECT count() FROM (SELECT arrayJoin(range(20000)) AS a) AS x CROSS JOIN (SELECT arrayJoin(range(20000)) AS b) AS y WHERE (a * 7 + b) % 11 = 3';

/** The main job (every processor and the server, embedded chDB in a fresh folder) and five analyst tokens. */
export async function startAnalystApp(brokers: string, nice: string, label: string) {
  const analysts = Array.from({ length: 5 }, () => `analyst-${randomUUID()}`);
  const dir = await mkdtemp(path.join(tmpdir(), `onegrid-${label}-`));
  const app = await startApp(
    {
      app: loadAppConfig({ ONEGRID_HTTP_PORT: '0', ONEGRID_ROLE: 'all', ONEGRID_SQL_NICE: nice }),
      kafka: loadKafkaConfig({
        KAFKA_BROKERS: brokers,
        ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
      }),
      store: loadStoreConfig({ ONEGRID_CHDB_PATH: path.join(dir, 'chdb') }),
      server: loadServerConfig({ ONEGRID_TOKENS: analysts.map((t) => `${t}:analyst`).join(',') }),
    },
    createLogger('bench', 'warn'),
  );
  return { app, analysts, base: app.url ?? '' };
}

/** The heavy query once, its answer read; on 429, returns after the server's Retry-After. */
export async function askHeavy(base: string, token: string): Promise<number> {
  const response = await fetch(`${base}/api/sql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql: HEAVY }),
  });
  await response.arrayBuffer();
  if (response.status === 429)
    await new Promise((resolve) =>
      setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000),
    );
  return response.status;
}
