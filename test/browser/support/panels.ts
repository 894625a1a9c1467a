import type { Page } from 'playwright-core';

/** What each panel of the big screen shows, counted in the page. */
export interface BigScreenPanels {
  feed: string | null;
  windRows: number;
  rainRows: number;
  /** Paths of the storm's track on the map with a drawn line (observed or estimated). */
  trackPaths: number;
  /** The storm's centre marker on the map, and its label. */
  stormEye: number;
  eyeLabel: string;
  /** From the advisory feed: observed and forecast tracks, the cone, wind circles, the legend. */
  observedTrack: number;
  forecastTrack: number;
  forecastPoints: number;
  coneArea: number;
  windCircles: string[];
  stormLegend: string;
  /** The header's storm line (台风中心 …). */
  stormInfo: string;
  gaugeCards: number;
  gaugeLines: number;
  transferred: number | null;
  inShelters: number | null;
  shelterDots: number;
  resourceRows: number;
  ticketsReported: number | null;
  alertRows: number;
  rankingRows: number;
  /** The ranking's 风圈到达 labels shown now (empty rows left out). */
  windCountdowns: string[];
  /** Districts on the map with a risk level other than none. */
  districtsAtRisk: number;
  /** Panels not marked fresh (stale, or waiting for their first data). */
  stalePanels: string[];
}

export function readPanels(page: Page): Promise<BigScreenPanels> {
  return page.evaluate(() => {
    const count = (sel: string) => document.querySelectorAll(sel).length;
    const num = (sel: string): number | null => {
      const v = document.querySelector<HTMLElement>(sel)?.dataset.value;
      return v === undefined || v === '' ? null : Number(v);
    };
    const drawn = (sel: string) =>
      [...document.querySelectorAll(sel)].filter((p) => (p.getAttribute('d') ?? '').length > 2).length;
    return {
      feed: document.querySelector('#canvas')?.getAttribute('data-feed') ?? null,
      windRows: count('.wx-wind .wx-row'),
      rainRows: count('.wx-rain .wx-row'),
      trackPaths: drawn('.map .storm path.track'),
      stormEye: [...document.querySelectorAll('.map .storm g.eye')].filter(
        (e) => e.getAttribute('display') !== 'none',
      ).length,
      eyeLabel: document.querySelector('.map .storm .eye-label')?.textContent ?? '',
      observedTrack: drawn('.map .storm path.track.observed'),
      forecastTrack: drawn('.map .storm path.track.forecast'),
      forecastPoints: count('.map .storm circle.forecast-point'),
      coneArea: drawn('.map .storm-under path.cone-area'),
      windCircles: [...document.querySelectorAll('.map .storm .wind-circles path')].map(
        (p) => p.getAttribute('class') ?? '',
      ),
      stormLegend: document.querySelector('.map .storm-legend .storm-name')?.textContent ?? '',
      stormInfo: document.querySelector('.storm-info')?.textContent ?? '',
      gaugeCards: count('.wl-card'),
      gaugeLines: drawn('.wl-card .wl-line'),
      transferred: num('[data-testid=transferred]'),
      inShelters: num('[data-testid=in-shelters]'),
      shelterDots: count('.map .shelters circle'),
      resourceRows: count('.res-row'),
      ticketsReported: num('[data-testid=tickets-reported]'),
      alertRows: count('.tk-row'),
      rankingRows: count('.rk-row'),
      windCountdowns: [...document.querySelectorAll('.rk-row .rk-wind')]
        .map((e) => e.textContent ?? '')
        .filter((t) => t !== ''),
      districtsAtRisk: [...document.querySelectorAll<SVGPathElement>('.map .districts path')].filter(
        (p) => (p.dataset.level ?? 'none') !== 'none',
      ).length,
      stalePanels: [...document.querySelectorAll<HTMLElement>('section.panel[data-channel]')]
        .filter((s) => s.dataset.freshness !== 'fresh')
        .map((s) => s.dataset.channel ?? ''),
    };
  });
}

/** A 风圈到达 label the ranking showed, with the risk channel's data time then. */
export interface SeenCountdown {
  text: string;
  asOf: string | null;
}

/**
 * Records every 风圈到达 label the ranking shows from now on (a MutationObserver in the page), so
 * a test can see the countdowns that came and went while a storm was replayed.
 */
export async function watchCountdowns(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: SeenCountdown[] = [];
    const keys = new Set<string>();
    const w = window as unknown as {
      onegridCountdowns: SeenCountdown[];
      onegridScreen?: { store: { get(c: string): { asOf: string | null } | undefined } };
    };
    w.onegridCountdowns = seen;
    new MutationObserver(() => {
      const asOf = w.onegridScreen?.store.get('risk')?.asOf ?? null;
      for (const e of document.querySelectorAll('.rk-row .rk-wind')) {
        const text = e.textContent ?? '';
        const key = `${text}@${asOf}`;
        if (text === '' || keys.has(key)) continue;
        keys.add(key);
        seen.push({ text, asOf });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

export function seenCountdowns(page: Page): Promise<SeenCountdown[]> {
  return page.evaluate(
    () => (window as unknown as { onegridCountdowns?: SeenCountdown[] }).onegridCountdowns ?? [],
  );
}

/** What the KPI wall shows. */
export interface KpiWallPanels {
  districtRows: number;
  departmentNames: string[];
  dayBars: number;
  weekBars: number;
  reportedTile: string;
  /** The panels' status lines (指标更新于 … or an error). */
  ages: string[];
}

export function readKpiWall(page: Page): Promise<KpiWallPanels> {
  return page.evaluate(() => ({
    districtRows: document.querySelectorAll('.k-district .kt-body .kt-row').length,
    departmentNames: [...document.querySelectorAll('.k-department .kt-body .kt-row')].map(
      (row) => row.firstElementChild?.textContent ?? '',
    ),
    dayBars: document.querySelectorAll('.k-days .tr-bars rect').length,
    weekBars: document.querySelectorAll('.k-weeks .tr-bars rect').length,
    reportedTile: document.querySelector('.k-tile .k-value')?.textContent ?? '',
    ages: [...document.querySelectorAll('.kpi-age')].map((a) => a.textContent ?? ''),
  }));
}

/** Polls `read` until `accept` holds, or fails after `deadlineMs` showing the last reading. */
export async function waitForPanels<T>(
  page: Page,
  read: (page: Page) => Promise<T>,
  what: string,
  accept: (r: T) => boolean,
  deadlineMs: number,
): Promise<T> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const last = await read(page);
    if (accept(last)) return last;
    if (performance.now() > deadline) {
      throw new Error(
        `screen did not show ${what} within ${deadlineMs} ms; last seen: ${JSON.stringify(last)}`,
      );
    }
    await page.waitForTimeout(250);
  }
}
