import type { Page } from 'playwright-core';

/** What the big screen shows, read from the page (the counters keep their value in data-value). */
export interface ScreenReading {
  feed: string | null;
  bannerVisible: boolean;
  bannerText: string;
  transferred: number | null;
  inShelters: number | null;
  ticketsReported: number | null;
  rankingRows: number;
  tickerRows: number;
  gaugeCards: number;
  connects: number;
  /** Rows of the ranking, the ticker and the wind list each at their own height, ranking by score. */
  rowsLaidOut: boolean;
}

export function readScreen(page: Page): Promise<ScreenReading> {
  return page.evaluate(() => {
    const num = (sel: string): number | null => {
      const v = document.querySelector<HTMLElement>(sel)?.dataset.value;
      return v === undefined || v === '' ? null : Number(v);
    };
    const banner = document.querySelector<HTMLElement>('[data-testid=stale-banner]');
    const screen = (window as unknown as { onegridScreen?: { feed: { connects: number } } }).onegridScreen;
    return {
      feed: document.querySelector('#canvas')?.getAttribute('data-feed') ?? null,
      bannerVisible: banner !== null && !banner.hidden && banner.offsetParent !== null,
      bannerText: banner?.textContent ?? '',
      transferred: num('[data-testid=transferred]'),
      inShelters: num('[data-testid=in-shelters]'),
      ticketsReported: num('[data-testid=tickets-reported]'),
      rankingRows: document.querySelectorAll('.rk-row').length,
      tickerRows: document.querySelectorAll('.tk-row').length,
      gaugeCards: document.querySelectorAll('.wl-card').length,
      connects: screen?.feed.connects ?? 0,
      rowsLaidOut: (() => {
        const distinct = (sel: string) => {
          const tops = [...document.querySelectorAll(sel)].map((el) =>
            Math.round(el.getBoundingClientRect().top),
          );
          return new Set(tops).size === tops.length;
        };
        const ranked = [...document.querySelectorAll('.rk-row')]
          .map((el) => ({
            top: el.getBoundingClientRect().top,
            score: Number(el.querySelector('.rk-score')?.textContent),
          }))
          .sort((a, b) => a.top - b.top);
        const ordered = ranked.every((r, i) => i === 0 || (ranked[i - 1]?.score ?? 0) >= r.score);
        return ordered && distinct('.rk-row') && distinct('.tk-row') && distinct('.wx-wind .wx-row');
      })(),
    };
  });
}

/**
 * Polls the page until `accept` holds, or fails after `deadlineMs` showing the last reading:
 * the only way these tests wait.
 */
export async function waitForScreen(
  page: Page,
  what: string,
  accept: (r: ScreenReading) => boolean,
  deadlineMs: number,
): Promise<ScreenReading> {
  const deadline = performance.now() + deadlineMs;
  let last: ScreenReading | undefined;
  for (;;) {
    last = await readScreen(page);
    if (accept(last)) return last;
    if (performance.now() > deadline) {
      throw new Error(
        `screen did not show ${what} within ${deadlineMs} ms; last seen: ${JSON.stringify(last)}`,
      );
    }
    await page.waitForTimeout(100);
  }
}
