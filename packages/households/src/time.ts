/** Time helpers. Instants are epoch milliseconds; messages carry Shanghai local time (+08:00). */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The register interval: one reading per meter per quarter hour. */
export const QUARTER = 15 * MINUTE;

/** China Standard Time: a fixed +08:00, no daylight saving. */
const CST = 8 * HOUR;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `2026-11-02T08:15:00+08:00`. */
export function isoCst(ms: number): string {
  const d = new Date(ms + CST);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(
    d.getUTCHours(),
  )}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}+08:00`;
}

/** Local day of week of a local midnight, 0 = Sunday. */
export const cstWeekday = (ms: number): number => new Date(ms + CST).getUTCDay();

/** Is `ms` exactly a local (+08:00) midnight? */
export const isCstMidnight = (ms: number): boolean => (ms + CST) % DAY === 0;

/** Day of the year (1..366) of a local instant. */
export function cstDayOfYear(ms: number): number {
  const d = new Date(ms + CST);
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1;
}
