import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveState } from '@onegrid/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { readScreen, waitForScreen } from './support/page-probe.ts';
import { type ScreenServer, startScreenServer } from './support/screen-server.ts';
import { ensureScreensBuilt } from './support/screens-build.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { createTyphoonFeed, type FeedSource } from './support/typhoon-feed.ts';

/*
 * The big screen in Debian's Chromium against a real onegrid server (its hub, feed and static
 * serving). The data source is a FeedSource published into the hub; when the processors land
 * the lead swaps it for the Kafka → processors → store pipeline without touching the checks.
 * The browser reaches the server through a TCP relay so that a test can silence the feed
 * without closing it, which only the screen's heartbeat watchdog can notice.
 */

const DISPLAY_TOKEN = 'display-screen-test-token';
const HOUR = 3_600_000;
const SHOTS = join(import.meta.dirname, '../../test-results/screens');

interface Totals {
  transferred: number;
  in_shelters: number;
}

function hubTotals(live: LiveState): { evacuation: Totals; reported: number } {
  const evacuation = live.snapshot('evacuation').data.total as Totals;
  const tickets = live.snapshot('tickets').data.all as { reported: number };
  return { evacuation, reported: tickets.reported };
}

function publishAt(source: FeedSource, live: LiveState, t: number): ReturnType<typeof hubTotals> {
  source.publish(live, t);
  live.flushAll();
  return hubTotals(live);
}

describe('big screen > in Chromium against a running server', () => {
  let server: ScreenServer;
  let proxy: TcpProxy;
  let browser: Browser;
  let page: Page;
  const source = createTyphoonFeed({ seed: 42, households: 10_000 });
  let t = source.landfall - 4 * HOUR;
  const url = () => `http://127.0.0.1:${proxy.port}/?token=${DISPLAY_TOKEN}`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await ensureScreensBuilt();
    server = await startScreenServer({ displayToken: DISPLAY_TOKEN });
    proxy = await startTcpProxy(server.port);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  it.each([
    [3840, 2160],
    [1920, 1080],
  ])('loads at %d×%d, connects and shows the counts the hub holds', async (width, height) => {
    const expected = publishAt(source, server.app.live, t);
    page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url());
    const shown = await waitForScreen(
      page,
      'the hub totals',
      (r) =>
        r.feed === 'live' &&
        r.transferred === expected.evacuation.transferred &&
        r.inShelters === expected.evacuation.in_shelters &&
        r.ticketsReported === expected.reported &&
        r.rowsLaidOut,
      15_000,
    );
    expect(shown.bannerVisible).toBe(false);
    expect(shown.transferred).toBeGreaterThan(0);
    expect(shown.rankingRows).toBe(16);
    expect(shown.gaugeCards).toBe(4);
    expect(shown.tickerRows).toBeGreaterThan(0);
    // No advisory feed here: the centre estimated from the stations, said to be an estimate.
    await expect
      .poll(() => page.locator('.map .storm .eye-label').textContent())
      .toMatch(/^台风中心（估计）/);
    expect(await page.locator('.storm-info').textContent()).toMatch(/^台风中心（估计）/);

    // The design canvas is scaled, not re-laid out: it fills the window at both sizes.
    const box = await page.locator('#canvas').boundingBox();
    expect(box?.width).toBeCloseTo(width, 0);
    expect(box?.height).toBeCloseTo(height, 0);

    // Districts take their risk level's colour once the transition ends.
    const risk = server.app.live.snapshot('risk').data as Record<string, { level: string }>;
    const pudong = risk['310115']?.level;
    await page.waitForFunction(
      (level) => {
        const colours: Record<string, string> = {
          none: 'rgb(28, 42, 61)',
          blue: 'rgb(30, 144, 255)',
          yellow: 'rgb(255, 210, 31)',
          orange: 'rgb(255, 140, 0)',
          red: 'rgb(232, 32, 42)',
        };
        const el = document.querySelector('path[data-district="310115"]');
        return el !== null && getComputedStyle(el).fill === colours[level as string];
      },
      pudong,
      { timeout: 5_000 },
    );

    // Alerts about households name grid and grid worker only. What is rendered is what
    // counts (the counters' hidden digit strips would read as long numbers in textContent).
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is checked
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/网格员 GW-\d{4}/);
    expect(text).not.toMatch(/HH-\d/);
    expect(text).not.toMatch(/\+86|1[3-9]\d{9}/);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `big-screen-${width}x${height}.png`) });
    if (width !== 1920) await page.close();
  });

  it('marks a silent feed stale, then reconnects and shows new values', async () => {
    const before = await readScreen(page);
    expect(before.feed).toBe('live');
    proxy.freeze();
    const stale = await waitForScreen(
      page,
      'the stale banner',
      (r) => r.feed === 'stale' && r.bannerVisible,
      20_000,
    );
    expect(stale.bannerText).toContain('数据过期');
    await page.screenshot({ path: join(SHOTS, 'big-screen-stale-1920x1080.png') });
    // Past the dead-link limit the screen gives up on the socket and dials again.
    await waitForScreen(
      page,
      'the disconnected banner',
      (r) => r.feed === 'offline' && r.bannerVisible,
      20_000,
    );
    t += 2 * HOUR;
    const expected = publishAt(source, server.app.live, t);
    expect(expected.evacuation.transferred).not.toBe(before.transferred);
    proxy.thaw();
    const after = await waitForScreen(
      page,
      'the new totals after reconnecting',
      (r) => r.feed === 'live' && !r.bannerVisible && r.transferred === expected.evacuation.transferred,
      20_000,
    );
    expect(after.connects).toBeGreaterThan(before.connects);
  });

  it('says the connection is down when the server stops, and recovers when a server returns', async () => {
    const before = await readScreen(page);
    await server.close();
    const down = await waitForScreen(
      page,
      'the disconnected banner',
      (r) => r.feed === 'offline' && r.bannerVisible,
      10_000,
    );
    expect(down.bannerText).toContain('连接中断');
    await page.screenshot({ path: join(SHOTS, 'big-screen-offline-1920x1080.png') });

    // A new server process: a fresh hub whose seqs start again from 1.
    server = await startScreenServer({ displayToken: DISPLAY_TOKEN });
    proxy.setTarget(server.port);
    t += 3 * HOUR;
    const expected = publishAt(source, server.app.live, t);
    const after = await waitForScreen(
      page,
      'the restarted server totals',
      (r) =>
        r.feed === 'live' &&
        !r.bannerVisible &&
        r.transferred === expected.evacuation.transferred &&
        r.ticketsReported === expected.reported &&
        r.rowsLaidOut,
      40_000,
    );
    expect(after.connects).toBeGreaterThan(before.connects);
    await page.screenshot({ path: join(SHOTS, 'big-screen-recovered-1920x1080.png') });
    await page.close();
  });
});
