import { mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { loadAppConfig, type RunningApp, startApp } from '@onegrid/app';
import { loadKafkaConfig } from '@onegrid/kafka';
import { loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emptyTopics, replayScenario } from '../support/pipeline.ts';
import { logger, testKafka, unique } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';
import { launchChromium } from './support/chromium.ts';
import { readPanels, waitForPanels } from './support/panels.ts';
import { ensureScreensBuilt } from './support/screens-build.ts';

/*
 * After-action review on the whole stack: the simulator's typhoon goes through Kafka, the
 * processors and ClickHouse; then the big screen is opened with `/?replay=<from>,<to>,<speed>`
 * (the display token, as on a wall) for the hour up to landfall. The replay must be marked
 * (回放 banner, replay frame colour), fill the panels from the store as of the replayed time,
 * never show the live feed's stale marker, and end frozen at landfall for the screenshot.
 */

const DISPLAY = 'display-replay-test-token-01';
const ANALYST = 'analyst-replay-test-token-01';
const SHOTS = join(import.meta.dirname, '../../test-results/screens');
const LANDFALL_HOUR = 6;
const HOUR_MS = 3_600_000;

let app: RunningApp;
let browser: Browser;
let wall: Page;
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureScreensBuilt();
  await emptyTopics(testKafka());
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-replay-chdb-'));
  const truthDir = await mkdtemp(path.join(tmpdir(), 'onegrid-replay-truth-'));
  app = await startApp(
    {
      app: loadAppConfig({ ONEGRID_HTTP_PORT: '0', ONEGRID_POLL_MS: '500' }),
      kafka: loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') }),
      store: loadStoreConfig({ ONEGRID_CHDB_PATH: dir }),
      server: loadServerConfig({ ONEGRID_TOKENS: `${DISPLAY}:display,${ANALYST}:analyst` }),
    },
    logger,
    { groupPrefix: `${unique('onegrid.replay')}.` },
  );
  await replayScenario(
    {
      households: 200,
      hours: LANDFALL_HOUR + 1,
      warmupDays: 0,
      seed: 12,
      truthDir,
      extraArgs: ['--landfall-hour', String(LANDFALL_HOUR)],
    },
    inject('kafkaBrokers'),
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

interface ReplayShown {
  mode: string | null;
  banner: string;
  state: string | null;
  scenarioTime: string | null;
  fill: string;
}

const readReplay = (page: Page): Promise<ReplayShown> =>
  page.evaluate(() => {
    const banner = document.querySelector<HTMLElement>('.replay-banner');
    const progress = (window as unknown as { onegridReplay?: { scenarioTime: string | null } }).onegridReplay;
    return {
      mode: document.querySelector('#canvas')?.getAttribute('data-mode') ?? null,
      banner: banner?.textContent ?? '',
      state: banner?.dataset.state ?? null,
      scenarioTime: progress?.scenarioTime ?? null,
      fill: document.querySelector<HTMLElement>('.replay-fill')?.style.width ?? '',
    };
  });

describe('big screen > replay of a stored storm', () => {
  it('plays the hour up to landfall, marked 回放, panels filled, never stale', async () => {
    // The stream starts with the first observation; landfall is LANDFALL_HOUR later. The
    // simulator has published everything, but the processors may still be storing it: wait
    // until the store holds the hour after landfall.
    const startMs = await storeSays('SELECT toUnixTimestamp64Milli(min(ts)) AS n FROM weather_observations');
    const landfall = startMs + LANDFALL_HOUR * HOUR_MS;
    await waitUntil(
      async () =>
        (await storeSays('SELECT toUnixTimestamp64Milli(max(ts)) AS n FROM weather_observations')) >=
        landfall + HOUR_MS - 10 * 60_000
          ? true
          : undefined,
      { deadlineMs: 180_000, intervalMs: 1_000, describe: () => 'the store holding the hour after landfall' },
    );
    wall = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    wall.on('pageerror', (e) => errors.push(e.message));
    await wall.goto(`${app.url}/?token=${DISPLAY}&replay=${landfall - HOUR_MS},${landfall},600`);
    const stalePanels: string[] = [];
    const shown = await waitForPanels(
      wall,
      async (page) => {
        const [panels, replay] = await Promise.all([readPanels(page), readReplay(page)]);
        // Before the first frame every panel waits (the status bar says it is connecting).
        if (replay.state === 'playing' || replay.state === 'ended') stalePanels.push(...panels.stalePanels);
        return { panels, replay };
      },
      'the replay ended at landfall with every panel filled',
      ({ panels: r, replay }) =>
        replay.state === 'ended' &&
        r.feed === 'live' &&
        r.windRows > 0 &&
        r.rainRows > 0 &&
        r.trackPaths > 0 &&
        r.gaugeCards > 0 &&
        (r.transferred ?? 0) > 0 &&
        r.resourceRows > 0 &&
        (r.ticketsReported ?? 0) > 0 &&
        r.rankingRows > 0 &&
        r.stalePanels.length === 0,
      120_000,
    );
    expect(shown.replay.mode).toBe('replay');
    expect(shown.replay.banner).toContain('回放');
    expect(shown.replay.banner).toContain('回放结束');
    expect(shown.replay.fill).toBe('100%');
    expect(Date.parse(shown.replay.scenarioTime ?? '')).toBe(landfall);
    // The live feed's stale marker never fired while the replay played.
    expect(stalePanels).toEqual([]);
    await wall.screenshot({ path: join(SHOTS, 'replay-big-screen-landfall-3840x2160.png') });
    expect(errors).toEqual([]);
  }, 200_000);
});
