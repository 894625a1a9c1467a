/** China Standard Time has no daylight saving: a fixed +08:00. */
const CST_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * `2026-09-14T08:15:00+08:00` for an instant (epoch ms): the form the feeds use and ClickHouse
 * reads into `DateTime64(3, 'Asia/Shanghai')` (`date_time_input_format = best_effort`).
 * Milliseconds are written only when there are some, so whole-second event times round-trip
 * to the exact string the feed sent.
 */
export function isoCst(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS);
  const millis = d.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${pad(millis, 3)}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}${fraction}+08:00`;
}

/** `isoCst`, or null for an unknown time. */
export const isoOrNull = (ms: number | undefined): string | null => (ms === undefined ? null : isoCst(ms));
