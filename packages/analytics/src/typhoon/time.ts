/** Epoch-ms helpers for the typhoon model (times as text: `isoCstSeconds` of @onegrid/contracts). */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The grid point at or before `t` (evaluations run on a fixed event-time grid). */
export function floorTo(t: number, step: number): number {
  return Math.floor(t / step) * step;
}
