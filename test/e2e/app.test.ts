// The main job as the screens and analysts meet it: an alert published on onegrid.alerts
// reaches a WebSocket client of the feed; the analysts' SQL endpoint answers from the store and
// refuses a role without the right; the feed refuses a connection without a valid token.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAppConfig, type RunningApp, startApp } from '@onegrid/app';
import { type Alert, TOPICS } from '@onegrid/contracts';
import { loadKafkaConfig } from '@onegrid/kafka';
import { loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { logger, testKafka } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

const DISPLAY = `display-${randomUUID()}`;
const ANALYST = `analyst-${randomUUID()}`;
let app: RunningApp;
let base: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-app-'));
  app = await startApp(
    {
      // The server alone: the processors have their own end-to-end test (pipeline.test.ts).
      app: loadAppConfig({ ONEGRID_HTTP_PORT: '0', ONEGRID_ROLE: 'server', ONEGRID_POLL_MS: '500' }),
      kafka: loadKafkaConfig({
        KAFKA_BROKERS: inject('kafkaBrokers'),
        ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
      }),
      store: loadStoreConfig({ ONEGRID_CHDB_PATH: dir }),
      server: loadServerConfig({ ONEGRID_TOKENS: `${DISPLAY}:display,${ANALYST}:analyst` }),
    },
    logger,
  );
  base = app.url ?? '';
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

function openFeed(token: string): Promise<{ socket: WebSocket; frames: Record<string, unknown>[] }> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/feed?token=${encodeURIComponent(token)}`);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames }));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
}

describe('main job: live feed and analysts SQL', () => {
  it("is live from its start, and ready once warm: its screens' readers assigned, registries read", async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const body = await waitUntil(
      async () => {
        const response = await fetch(`${base}/health/ready`);
        return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
      },
      { deadlineMs: 90_000, intervalMs: 250, describe: () => '/health/ready never 200' },
    );
    // Warm, not ready past the bound (degraded): the readers were assigned and the registries read.
    expect(body).toMatchObject({ status: 'ready', components: { warm: { ok: true } } });
    expect((body.components as { warm: Record<string, unknown> }).warm.degraded).toBeUndefined();
  });

  it('pushes an alert published on onegrid.alerts to a subscribed screen', async () => {
    const { socket, frames } = await openFeed(DISPLAY);
    socket.send(JSON.stringify({ type: 'subscribe', channels: [{ channel: 'alerts' }] }));
    const alert: Alert = {
      alert_id: `water_level:WL-E2E-${randomUUID().slice(0, 8)}:warning:2026-09-14T08:00:00+08:00`,
      type: 'water_level',
      severity: 'warning',
      status: 'open',
      subject: 'WL-HPJ-001',
      district: '310101',
      since: '2026-09-14T08:00:00+08:00',
      detected_at: '2026-09-14T08:05:00+08:00',
      evidence: { level_m: 4.9 },
    };
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.alerts,
      messages: [{ key: alert.subject, value: JSON.stringify(alert) }],
    });
    await producer.disconnect();
    const seen = await waitUntil(
      () =>
        frames.find((f) => {
          const values = (f.type === 'snapshot' ? f.data : f.upserts) as Record<string, unknown> | undefined;
          return f.channel === 'alerts' && values !== undefined && alert.alert_id in values;
        }),
      {
        deadlineMs: 30_000,
        describe: () => `${frames.length} frames: ${JSON.stringify(frames.slice(-2)).slice(0, 300)}`,
      },
    );
    expect(seen.seq).toEqual(expect.any(Number));
    socket.close();
  });

  it('refuses the feed without a valid token', async () => {
    await expect(openFeed('not-a-token-at-all')).rejects.toThrow(/refused: 401/);
  });

  it('answers analysts read-only SQL from the store and refuses other roles', async () => {
    const ask = (token: string, sql: string) =>
      fetch(`${base}/api/sql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sql }),
      });
    const ok = await ask(ANALYST, 'SELECT count() AS n FROM districts FINAL');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { rows: { n: string | number }[] };
    expect(Number(body.rows[0]?.n)).toBe(16);
    expect((await ask(DISPLAY, 'SELECT 1')).status).toBe(403);
    const write = await ask(ANALYST, 'DROP TABLE districts');
    expect(write.status).toBe(400);
  });

  it('refuses every statement of issue 16 on the running app, naming what it refused', async () => {
    const ask = (sql: string) =>
      fetch(`${base}/api/sql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ANALYST}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sql }),
      });
    for (const sql of [
      "SELECT file('/etc/hostname') AS e",
      "SELECT substring(file('/proc/self/environ'), 1, 200) AS e",
      "SELECT getSetting('readonly') AS r SETTINGS readonly = 0",
      "SELECT * FROM file('/etc/passwd', 'LineAsString') LIMIT 2 SETTINGS readonly = 0",
      `SELECT * FROM url('${base}/health/live', 'LineAsString') LIMIT 1 SETTINGS readonly = 0`,
      "DESCRIBE TABLE file('/etc/passwd', 'LineAsString')",
      'SELECT * FROM system.processes',
    ]) {
      const response = await ask(sql);
      const text = await response.text();
      expect(response.status, sql).toBe(400);
      expect(JSON.parse(text), sql).toMatchObject({
        error: 'QUERY_REFUSED',
        message: expect.stringMatching(/^refused: /),
      });
      expect(text).not.toMatch(/root:x:0:0|ONEGRID_TOKENS|"status"/);
    }
  });

  it('runs one analyst query at a time per token, queues one, and answers 429 to the rest', async () => {
    const heavy =
      'SELECT count() FROM (SELECT arrayJoin(range(20000)) AS a) AS x CROSS JOIN (SELECT arrayJoin(range(20000)) AS b) AS y WHERE (a * 7 + b) % 11 = 3';
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${base}/api/sql`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ANALYST}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sql: heavy }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const busy = responses.find((r) => r.status === 429);
    expect(busy?.headers.get('retry-after')).toBe('1');
    expect(await busy?.json()).toMatchObject({ message: expect.stringMatching(/^busy: /) });
  });
});
