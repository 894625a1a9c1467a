/** Event-time arithmetic in China Standard Time (UTC+8 all year: no daylight saving). */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
// Instants as text: `isoCst` of @onegrid/contracts, the one writer (this file had its own copy,
// same output; see time.test.ts).

/** Hour index since the epoch: hour `h` covers [h·HOUR, (h+1)·HOUR). Whole hours are the same in UTC and CST. */
export const hourIndex = (ms: number): number => Math.floor(ms / HOUR);

/** Hour of the day in Shanghai (0..23) of hour index `h`. */
export const hourOfDay = (h: number): number => (((h + 8) % 24) + 24) % 24;
