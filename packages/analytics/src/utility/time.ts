/** Event-time arithmetic in China Standard Time (UTC+8 all year: no daylight saving). */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const CST_OFFSET = 8 * HOUR;

/** `2026-09-14T08:15:00+08:00` (milliseconds kept only when not zero), as the contracts want. */
export function isoCst(ms: number): string {
  const iso = new Date(ms + CST_OFFSET).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}+08:00` : `${iso.slice(0, 23)}+08:00`;
}

/** Hour index since the epoch: hour `h` covers [h·HOUR, (h+1)·HOUR). Whole hours are the same in UTC and CST. */
export const hourIndex = (ms: number): number => Math.floor(ms / HOUR);

/** Hour of the day in Shanghai (0..23) of hour index `h`. */
export const hourOfDay = (h: number): number => (((h + 8) % 24) + 24) % 24;
