/** Time helpers. All instants are epoch milliseconds; messages carry Shanghai local time. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** China Standard Time has no daylight saving: a fixed +08:00. */
const CST_OFFSET = 8 * HOUR;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** Local (CST) hour of day as a fraction, 0 ≤ h < 24. */
export function cstHour(ms: number): number {
  return ((((ms + CST_OFFSET) % DAY) + DAY) % DAY) / HOUR;
}

/** Local (CST) day of week, 0 = Sunday. */
export function cstWeekday(ms: number): number {
  return new Date(ms + CST_OFFSET).getUTCDay();
}

/** `20260914`: the local date, as ticket ids carry it. */
export function cstDateCompact(ms: number): string {
  const d = new Date(ms + CST_OFFSET);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
}

/** Parses an ISO-8601 instant that must carry an offset or Z. */
export function parseInstant(text: string): number {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(text)) throw new RangeError(`instant needs an offset: ${text}`);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${text}`);
  return ms;
}
