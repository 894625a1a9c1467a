import { mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import type { RunningApp } from '@onegrid/app';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { emptyTopics, readTruth, replayScenario } from '../support/pipeline.ts';
import { testKafka } from '../support/stack.ts';
import { launchChromium } from './support/chromium.ts';
import {
  type BigScreenPanels,
  readKpiWall,
  readPanels,
  seenCountdowns,
  waitForPanels,
  watchCountdowns,
} from './support/panels.ts';
import { ensureScreensBuilt } from './support/screens-build.ts';
import { storeSays as askStore, startStackApp } from './support/stack-app.ts';

/*
 * The big screen and the KPI wall on the whole running stack, as `./onegrid demo` runs it: the
 * main job (every processor and the server, one process, a fresh store) starts first and the
 * big screen is open on it before any data exists; then the simulator CLI replays a typhoon
 * through Kafka up to two hours after landfall. Every panel must fill from what came through
 * Kafka, the processors and ClickHouse (no panel is fed by the test), and the screenshots of
 * both screens at 3840×2160 and 1920×1080 are saved in test-results/screens/ for a person to
 * look at. The screens are opened with the display token only, as on a wall.
 */

const DISPLAY = 'display-stack-test-token-0001';
const ANALYST = 'analyst-stack-test-token-0001';
const SHOTS = join(import.meta.dirname, '../../test-results/screens');
const LANDFALL_HOUR = 8;
const SIZES = [
  [3840, 2160],
  [1920, 1080],
] as const;

let app: RunningApp;
let browser: Browser;
let wall: Page;
const errors: string[] = [];
let truth: Record<string, unknown>[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureScreensBuilt();
  await emptyTopics(testKafka());
  const truthDir = await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-truth-'));
  app = await startStackApp('stack', { display: DISPLAY, analyst: ANALYST });
  browser = await launchChromium();
  // The wall is on before the storm's data: its first polls meet an empty store.
  wall = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
  wall.on('pageerror', (e) => errors.push(e.message));
  await wall.goto(`${app.url}/?token=${DISPLAY}`);
  await watchCountdowns(wall);
  await replayScenario(
    {
      households: 300,
      hours: LANDFALL_HOUR + 2,
      warmupDays: 0,
      seed: 11,
      truthDir,
      // 10 h in 50 s: the wall must see the storm come, as the demo shows it (×288), not only
      // its end; as fast as possible, the whole run before landfall can fall between two draws.
      speedup: 720,
      extraArgs: ['--landfall-hour', String(LANDFALL_HOUR)],
    },
    inject('kafkaBrokers'),
  );
  truth = await readTruth(truthDir);
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const storeSays = (sql: string) => askStore(app, ANALYST, sql);

const filled = (r: BigScreenPanels, transferred: number) =>
  r.feed === 'live' &&
  r.windRows > 0 &&
  r.rainRows > 0 &&
  r.trackPaths > 0 &&
  r.stormEye === 1 &&
  r.observedTrack === 1 &&
  r.forecastTrack === 1 &&
  r.forecastPoints > 0 &&
  r.coneArea === 1 &&
  r.windCircles.includes('wind-r7') &&
  r.stormLegend.startsWith('台风 海葵') &&
  r.gaugeCards > 0 &&
  r.gaugeLines === r.gaugeCards &&
  r.transferred === transferred &&
  r.shelterDots > 0 &&
  r.resourceRows > 0 &&
  (r.ticketsReported ?? 0) > 0 &&
  r.alertRows > 0 &&
  r.rankingRows === 16 &&
  r.districtsAtRisk > 0 &&
  r.stalePanels.length === 0;

/** Until the counters have rolled to their digits and the ticker rows faded in. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll<HTMLElement>('.fc-strip')].every((strip) => {
        const digit = '0123456789'.indexOf(strip.parentElement?.dataset.digit ?? '');
        return digit < 0 || Number(strip.style.getPropertyValue('--fc-pos')) === digit;
      }) && [...document.querySelectorAll('.tk-row')].every((row) => getComputedStyle(row).opacity === '1'),
    undefined,
    { timeout: 15_000 },
  );
}

describe('big screen > the whole stack at landfall', () => {
  it('fills every panel from Kafka, the processors and ClickHouse', async () => {
    const truthTransferred = (truth.find((e) => e.type === 'evacuation') as { transferred: number })
      .transferred;
    expect(truthTransferred).toBeGreaterThan(0);
    const shown = await waitForPanels(
      wall,
      readPanels,
      'every panel filled with the people transferred of the truth',
      (r) => filled(r, truthTransferred),
      240_000,
    );
    expect(shown.inShelters).toBe(await storeSays('SELECT sum(occupancy) AS n FROM shelter_occupancy_now'));
    // The advisory's storm in the header and the legend: name, grade, pressure, wind.
    expect(shown.stormInfo).toMatch(/^台风 海葵 (强?台风|强热带风暴|热带风暴) · \d+百帕 · \d+米\/秒/);
    expect(shown.stormLegend).toMatch(/^台风 海葵 .+ · \d+百帕 · \d+米\/秒$/);
    expect(shown.eyeLabel).toMatch(/^海葵 /);
    // 风圈到达: before landfall the ranking counted down to a wind circle reaching a district.
    const landfall = Date.parse(String(truth.find((e) => e.type === 'scenario')?.landfall));
    const countdowns = (await seenCountdowns(wall)).filter(
      (c) => /^(7|10)级风圈(\d+小时后|1小时内)到达$/.test(c.text) && Date.parse(c.asOf ?? '') < landfall,
    );
    expect(countdowns, 'a 风圈到达 countdown before landfall').not.toEqual([]);
    await settled(wall);
    await wall.screenshot({ path: join(SHOTS, 'stack-big-screen-3840x2160.png') });
    const small = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    small.on('pageerror', (e) => errors.push(e.message));
    await small.goto(`${app.url}/?token=${DISPLAY}`);
    await waitForPanels(
      small,
      readPanels,
      'every panel at 1920×1080',
      (r) => filled(r, truthTransferred),
      30_000,
    );
    await settled(small);
    await small.screenshot({ path: join(SHOTS, 'stack-big-screen-1920x1080.png') });
    await small.close();
    expect(errors).toEqual([]);
  }, 300_000);
});

describe('KPI wall > the whole stack at landfall', () => {
  it.each(SIZES)('fills every table and chart with the display token at %d×%d', async (width, height) => {
    const reported = await storeSays('SELECT count() AS n FROM tickets FINAL');
    expect(reported).toBeGreaterThan(0);
    const page = await browser.newPage({ viewport: { width, height } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${app.url}/kpi?token=${DISPLAY}`);
    const shown = await waitForPanels(
      page,
      readKpiWall,
      'the ticket KPIs',
      (r) =>
        r.districtRows > 0 &&
        r.departmentNames.length > 0 &&
        r.dayBars > 0 &&
        r.weekBars > 0 &&
        r.reportedTile !== '—' &&
        r.ages.length > 0 &&
        r.ages.every((a) => a.startsWith('指标更新于')),
      60_000,
    );
    expect(shown.departmentNames.every((name) => name.trim() !== '')).toBe(true);
    await page.screenshot({ path: join(SHOTS, `stack-kpi-wall-${width}x${height}.png`) });
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
