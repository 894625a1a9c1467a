/**
 * The big screen under live updates for a long run: headless Debian Chromium at 3840×2160
 * against a real onegrid server whose hub receives a typhoon's worth of changes several times
 * a second. Prints frames per second (requestAnimationFrame counted in the page), JS heap after
 * a forced GC and DOM counters at the start and the end, and the ratios against the same
 * screen idle (baseline, measured first in the same run) and against the start.
 *
 *   node dashboards/screens/bench/big-screen-10min.ts [--minutes 10] [--rate 4] [--width 3840 --height 2160]
 */
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../../test/browser/support/chromium.ts';
import { startScreenServer } from '../../../test/browser/support/screen-server.ts';
import { ensureScreensBuilt } from '../../../test/browser/support/screens-build.ts';
import { createTyphoonFeed } from '../../../test/browser/support/typhoon-feed.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '4' },
    width: { type: 'string', default: '3840' },
    height: { type: 'string', default: '2160' },
    'idle-seconds': { type: 'string', default: '30' },
  },
});
const minutes = Number(args.minutes);
const rate = Number(args.rate);
const width = Number(args.width);
const height = Number(args.height);
const idleSeconds = Number(args['idle-seconds']);
for (const [name, v] of Object.entries({ minutes, rate, width, height, idleSeconds })) {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number, got ${v}`);
}

const TOKEN = 'display-bench-token-0001';
const SAMPLE_MS = 10_000;
const SCENARIO_STEP_MS = 30_000; // each publish moves the storm on by 30 s of scenario time

interface Memory {
  heapMB: number;
  nodes: number;
  listeners: number;
}

async function memory(cdp: CDPSession): Promise<Memory> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return { heapMB: heap.usedSize / 2 ** 20, nodes: dom.nodes, listeners: dom.jsEventListeners };
}

async function frames(page: Page): Promise<{ frames: number; at: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { benchFrames: number };
    return { frames: w.benchFrames, at: performance.now() };
  });
}

/** Frames per second over each SAMPLE_MS window until `until` (ms since epoch). */
async function measureFps(
  page: Page,
  until: number,
  onSample?: (fps: number) => Promise<void>,
): Promise<number[]> {
  const out: number[] = [];
  let last = await frames(page);
  while (Date.now() < until) {
    await page.waitForTimeout(Math.min(SAMPLE_MS, Math.max(0, until - Date.now())));
    const now = await frames(page);
    const fps = ((now.frames - last.frames) * 1000) / (now.at - last.at);
    out.push(fps);
    last = now;
    await onSample?.(fps);
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f1 = (x: number) => x.toFixed(1);

await ensureScreensBuilt();
const server = await startScreenServer({ displayToken: TOKEN });
// With the advisory feed: the map's whole storm layer (tracks, cone, wind circles) is drawn.
const feed = createTyphoonFeed({ seed: 42, households: 10_000, advisories: true });
const firstT = feed.landfall - 20 * 3_600_000;
let t = firstT;
feed.publish(server.app.live, t);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.addInitScript(() => {
    const w = window as unknown as { benchFrames: number };
    w.benchFrames = 0;
    const tick = () => {
      w.benchFrames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(`${server.origin}/?token=${TOKEN}`);
  await page.waitForFunction(
    () => document.querySelector('#canvas')?.getAttribute('data-feed') === 'live',
    null,
    {
      timeout: 30_000,
    },
  );
  const cdp = await page.context().newCDPSession(page);
  console.log(
    `big screen ${width}×${height}, Chromium ${browser.version()}, ${rate} publishes/s into the hub`,
  );

  // Baseline: the same screen with the feed live but nothing changing.
  const idleFps = await measureFps(page, Date.now() + idleSeconds * 1000);
  const start = await memory(cdp);
  console.log(
    `idle ${idleSeconds} s: ${f1(mean(idleFps))} fps; heap ${f1(start.heapMB)} MB, ${start.nodes} DOM nodes`,
  );

  let publishes = 0;
  const publisher = setInterval(() => {
    t += SCENARIO_STEP_MS;
    if (t > feed.end) t = firstT; // a long run replays the storm
    feed.publish(server.app.live, t);
    publishes += 1;
  }, 1000 / rate);

  const startedAt = Date.now();
  const endAt = startedAt + minutes * 60_000;
  let nextMinute = startedAt + 60_000;
  let warm: Memory | undefined;
  const liveFps = await measureFps(page, endAt, async () => {
    if (Date.now() < nextMinute) return;
    nextMinute += 60_000;
    const m = await memory(cdp);
    warm ??= m;
    const minute = Math.round((Date.now() - startedAt) / 60_000);
    console.log(
      `  minute ${minute}: heap ${f1(m.heapMB)} MB, ${m.nodes} DOM nodes, ${m.listeners} listeners`,
    );
  });
  clearInterval(publisher);
  const end = await memory(cdp);

  // Back to the data the run started with: a screen that leaks keeps what it grew; ours must
  // come back to the same DOM and about the same heap (what grew was the storm's data).
  feed.publish(server.app.live, firstT);
  server.app.live.flushAll();
  const initial = (server.app.live.snapshot('evacuation').data.total as { transferred: number }).transferred;
  await page.waitForFunction(
    (n) => document.querySelector<HTMLElement>('[data-testid=transferred]')?.dataset.value === String(n),
    initial,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(3_000); // the last transitions (≤ 0.9 s) and one redraw (1 s) finish
  const revisit = await memory(cdp);
  const stats = await page.evaluate(() => {
    const s = (window as unknown as { onegridScreen: { feed: Record<string, unknown> } }).onegridScreen.feed;
    return { gaps: s.gaps, duplicates: s.duplicates, invalid: s.invalidFrames, connects: s.connects };
  });
  const sorted = [...liveFps].sort((a, b) => a - b);
  const p10 = sorted[Math.floor(sorted.length * 0.1)] ?? 0;
  console.log('');
  console.log(`live updates, ${minutes} min (${publishes} publishes, ${f1(publishes / (minutes * 60))}/s):`);
  console.log(`  fps: mean ${f1(mean(liveFps))}, worst 10-s window ${f1(sorted[0] ?? 0)}, p10 ${f1(p10)}`);
  console.log(`  fps ratio live/idle: ${(mean(liveFps) / mean(idleFps)).toFixed(2)}`);
  console.log(
    `  JS heap after GC: start ${f1(start.heapMB)} MB, end ${f1(end.heapMB)} MB, ratio ${(end.heapMB / start.heapMB).toFixed(2)}`,
  );
  if (warm !== undefined) {
    // The first minute loads the storm's alerts and curves; flat after it is what matters.
    const ratio = (end.heapMB / warm.heapMB).toFixed(2);
    console.log(
      `  JS heap after GC: minute 1 ${f1(warm.heapMB)} MB, end ${f1(end.heapMB)} MB, ratio ${ratio}`,
    );
  }
  console.log(
    `  DOM nodes: start ${start.nodes}, end ${end.nodes}; listeners: start ${start.listeners}, end ${end.listeners}`,
  );
  console.log(
    `  back at the first data: heap ${f1(revisit.heapMB)} MB (start ${f1(start.heapMB)}), DOM nodes ${revisit.nodes} (start ${start.nodes}), listeners ${revisit.listeners}`,
  );
  console.log(`  feed: ${JSON.stringify(stats)}`);
} finally {
  await browser.close();
  await server.close();
}
