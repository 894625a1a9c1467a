/** Epoch-ms helpers for the typhoon model: messages carry China Standard Time (+08:00, no DST). */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const CST_OFFSET_MS = 8 * HOUR;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `2026-09-14T08:15:00+08:00`, whole seconds, as the contract's examples write times. */
export function isoCst(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(
    d.getUTCHours(),
  )}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}+08:00`;
}

/** The grid point at or before `t` (evaluations run on a fixed event-time grid). */
export function floorTo(t: number, step: number): number {
  return Math.floor(t / step) * step;
}
