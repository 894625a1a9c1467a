import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@onegrid/store';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStore } from '../support/stack.ts';
import { launchChromium } from './support/chromium.ts';
import { type ScreenServer, startScreenServer } from './support/screen-server.ts';
import { ensureScreensBuilt } from './support/screens-build.ts';
import { KPI_DISTRICTS, type TicketRow, ticketRows } from './support/ticket-rows.ts';

/*
 * The leaders' KPI wall in Chromium against a real server reading a real (embedded) ClickHouse:
 * tickets written to the store come back as the wall's per-district figures and trends. The
 * wall opens with the display token, as on the command centre's wall (it used to be tested
 * with a leader's token only, and showed 403 in every panel with the display token).
 */

const LEADER_TOKEN = 'leader-kpi-wall-test-token';
const DISPLAY_TOKEN = 'display-kpi-wall-test-token';
const SHOTS = join(import.meta.dirname, '../../test-results/screens');
const DAY = 86_400_000;
const CST = 8 * 3_600_000;
// Wednesday 2026-09-16 12:00 Beijing: "this week" began Monday 09-14.
const ANCHOR = Date.parse('2026-09-16T12:00:00+08:00');
const MONDAY = Date.parse('2026-09-14T00:00:00+08:00');

describe('KPI wall > in Chromium against the server and the store', () => {
  let store: Store;
  let server: ScreenServer;
  let browser: Browser;
  let rows: TicketRow[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await ensureScreensBuilt();
    ({ store } = await testStore());
    const today = Math.floor((ANCHOR + CST) / DAY) * DAY - CST;
    const days = Array.from({ length: 14 }, (_, i) => today - (13 - i) * DAY);
    rows = ticketRows(days).filter((r) => Date.parse(`${r.reported_at.replace(' ', 'T')}+08:00`) < ANCHOR);
    // A ticket reported this week and not yet dispatched: no department.
    const last = rows.at(-1) as TicketRow;
    rows.push({
      ...last,
      ticket_id: 'T-KPI-UNDISPATCHED',
      department: '',
      status: 'accepted',
      first_resolved_at: null,
      resolved_at: null,
      satisfaction: null,
      on_time: null,
      resolve_s: null,
    });
    await store.client.insert({ table: 'tickets', values: rows, format: 'JSONEachRow' });
    server = await startScreenServer({
      displayToken: DISPLAY_TOKEN,
      leaderToken: LEADER_TOKEN,
      clickhouse: store.client,
    });
    // The wall's period ends at the newest ticket data the feed reports.
    server.app.live.publish('tickets', {
      upserts: {
        all: {
          reported: rows.length,
          open: 0,
          resolved: 0,
          overdue: 0,
          p50_response_s: 3600,
          p90_response_s: 14_400,
          on_time_rate: 0.8,
          satisfaction_rate: 0.9,
          window: '24h',
        },
      },
      asOf: new Date(ANCHOR).toISOString(),
    });
    server.app.live.flushAll();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it.each([
    [3840, 2160],
    [1920, 1080],
  ])('shows this week per district and two weeks of trend at %d×%d', async (width, height) => {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/kpi?token=${DISPLAY_TOKEN}`);
    await page.waitForFunction(
      (n) => document.querySelectorAll('.k-district .kt-body .kt-row').length === n,
      KPI_DISTRICTS.length,
      { timeout: 20_000 },
    );
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('.k-district .kt-body .kt-row')].map((row) => [
          row.dataset.key ?? '',
          [...row.children].map((c) => c.textContent ?? ''),
        ]),
      ),
    );
    for (const district of KPI_DISTRICTS) {
      const week = rows.filter((r) => r.district === district && r.reported_at >= '2026-09-14');
      const decided = week.filter((r) => r.on_time !== null);
      const onTime = decided.filter((r) => r.on_time === true).length / decided.length;
      // columns: name, 上报, 办结率, 按时办结率, …
      expect(shown[district]?.[1]).toBe(String(week.length));
      expect(shown[district]?.[3]).toBe(`${(onTime * 100).toFixed(1)}%`);
    }
    const departments = await page.evaluate(() =>
      [...document.querySelectorAll('.k-department .kt-body .kt-row')].map(
        (row) => row.firstElementChild?.textContent ?? '',
      ),
    );
    expect(departments).toContain('未派单');
    expect(departments.every((name) => name.trim() !== '')).toBe(true);
    expect(MONDAY).toBeLessThan(ANCHOR);
    const bars = await page.locator('.k-days .tr-bars rect').count();
    expect(bars).toBe(14);
    await expect.poll(() => page.locator('.k-tile .k-value').first().textContent()).toBe(String(rows.length));
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `kpi-wall-${width}x${height}.png`) });
    await page.close();
  });
});
