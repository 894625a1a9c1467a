import { mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { loadAppConfig, type RunningApp, startApp } from '@onegrid/app';
import { loadKafkaConfig } from '@onegrid/kafka';
import { loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPipeline } from '../support/pipeline.ts';
import { logger, testKafka, testStore } from '../support/stack.ts';
import { launchChromium } from './support/chromium.ts';
import { waitForScreen } from './support/page-probe.ts';
import { ensureScreensBuilt } from './support/screens-build.ts';

/*
 * The big screen on the whole running stack: a simulated typhoon goes through the simulator
 * CLI, Kafka and every processor into the store; then the main job's server (with its pollers
 * and Kafka live feed) serves the screen, which must show what the store holds.
 */

const DISPLAY = 'display-stack-test-token-0001';
const ANALYST = 'analyst-stack-test-token-0001';
const SHOTS = join(import.meta.dirname, '../../test-results/screens');

let app: RunningApp;
let browser: Browser;
let truthTransferred = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureScreensBuilt();
  const { store, dir } = await testStore();
  const truthDir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-truth-'));
  const run = await runPipeline(
    testKafka(),
    inject('kafkaBrokers'),
    store,
    { households: 300, hours: 16, warmupDays: 0, seed: 11, truthDir, extraArgs: ['--landfall-hour', '8'] },
    logger,
    { drainDeadlineMs: 240_000 },
  );
  truthTransferred = (run.truth.find((e) => e.type === 'evacuation') as { transferred: number }).transferred;
  await store.close();
  app = await startApp(
    {
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
  browser = await launchChromium();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function storeSays(sql: string): Promise<number> {
  const response = await fetch(`${app.url}/api/sql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ANALYST}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql }),
  });
  const body = (await response.json()) as { rows: { n: number | string }[] };
  return Number(body.rows[0]?.n);
}

describe('big screen > on the running stack', () => {
  it('shows the people transferred and sheltered that the store holds', async () => {
    const transferred = await storeSays(
      "SELECT sum(people) AS n FROM evacuation_events FINAL WHERE action = 'transferred'",
    );
    const sheltered = await storeSays('SELECT sum(occupancy) AS n FROM shelter_occupancy_now');
    expect(transferred).toBe(truthTransferred);
    expect(transferred).toBeGreaterThan(0);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.url}/?token=${DISPLAY}`);
    const shown = await waitForScreen(
      page,
      'the store totals',
      (r) =>
        r.feed === 'live' && r.transferred === transferred && r.inShelters === sheltered && r.rowsLaidOut,
      30_000,
    );
    expect(shown.rankingRows).toBe(16);
    // The screenshot once the counters have rolled to their digits and the ticker rows faded in.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('.fc-strip')].every((strip) => {
          const digit = '0123456789'.indexOf(strip.parentElement?.dataset.digit ?? '');
          return digit < 0 || Number(strip.style.getPropertyValue('--fc-pos')) === digit;
        }) && [...document.querySelectorAll('.tk-row')].every((row) => getComputedStyle(row).opacity === '1'),
      undefined,
      { timeout: 15_000 },
    );
    await page.screenshot({ path: join(SHOTS, 'big-screen-stack-1920x1080.png') });
    await page.close();
  });
});
