import { mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import type { RunningApp } from '@onegrid/app';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emptyTopics, replayScenario } from '../support/pipeline.ts';
import { testKafka } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';
import { launchChromium } from './support/chromium.ts';
import { readPanels, waitForPanels } from './support/panels.ts';
import { ensureScreensBuilt } from './support/screens-build.ts';
import { storeSays as askStore, startStackApp } from './support/stack-app.ts';

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
// The scenario's start is given, not read back from the store: read back while the processors
// had stored no observation yet, min(ts) was 1970 and the replay asked for 05:00 on 1970-01-01,
// which the server rightly refused (it failed so in full runs, where the processors lag).
const START = '2026-09-13T00:00:00+08:00';
const LANDFALL_MS = Date.parse(START) + LANDFALL_HOUR * HOUR_MS;

let app: RunningApp;
let browser: Browser;
let wall: Page;
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureScreensBuilt();
  await emptyTopics(testKafka());
  const truthDir = await mkdtemp(path.join(tmpdir(), 'onegrid-replay-truth-'));
  app = await startStackApp('replay', { display: DISPLAY, analyst: ANALYST });
  await replayScenario(
    {
      households: 200,
      hours: LANDFALL_HOUR + 1,
      warmupDays: 0,
      seed: 12,
      truthDir,
      extraArgs: ['--start', START, '--landfall-hour', String(LANDFALL_HOUR)],
    },
    inject('kafkaBrokers'),
  );
  browser = await launchChromium();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const storeSays = (sql: string) => askStore(app, ANALYST, sql);

interface ReplayShown {
  mode: string | null;
  banner: string;
  state: string | null;
  code: string | null;
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
      code: banner?.dataset.code ?? null,
      scenarioTime: progress?.scenarioTime ?? null,
      fill: document.querySelector<HTMLElement>('.replay-fill')?.style.width ?? '',
    };
  });

describe('big screen > replay of a stored storm', () => {
  it('plays the hour up to landfall, marked 回放, panels filled, never stale', async () => {
    // The simulator has published everything, but the processors may still be storing it: wait
    // until the store holds the hour after landfall.
    const landfall = LANDFALL_MS;
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
        // The replay's state first, the panels after: read together, the panels could be read
        // before the first frame (every panel waiting) and the state after it (playing), which
        // a loaded machine made happen and counted as 7 stale panels.
        const replay = await readReplay(page);
        const panels = await readPanels(page);
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

  it('says why the server refused a replay: the code and the field', async () => {
    // What the full runs asked for: 05:00 to 06:00 on 1970-01-01 (min(ts) of an empty table).
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const upgrades: string[] = [];
    page.on('websocket', (ws) => upgrades.push(ws.url()));
    await page.goto(`${app.url}/?token=${DISPLAY}&replay=${5 * HOUR_MS},${6 * HOUR_MS},600`);
    const shown = await waitUntil(
      async () => {
        const replay = await readReplay(page);
        return replay.state === 'refused' ? replay : undefined;
      },
      { deadlineMs: 30_000, describe: async () => JSON.stringify(await readReplay(page)) },
    );
    expect(shown.code).toBe('BAD_REQUEST');
    expect(shown.banner).toContain('无法回放 · BAD_REQUEST（回放参数不合法）');
    // The server's own words in the alarm banner, which no longer says it is reconnecting.
    const alarm = (await page.locator('.stale-banner .stale-text').textContent()) ?? '';
    expect(alarm).toContain('服务拒绝了回放 · BAD_REQUEST');
    expect(alarm).toContain('from: expected ISO-8601');
    expect(alarm).toContain('between 2000 and 2200');
    expect(alarm).not.toContain('重连');
    expect(upgrades).toHaveLength(1);
    await page.screenshot({ path: join(SHOTS, 'replay-refused-1920x1080.png') });
    await page.close();
  }, 60_000);
});
