// The data set both stream-runtime e2e files use, and the rows it must produce.

import { cleanReadings, closedBefore } from './meter-feed.ts';
import { expectedHourly } from './meter-hourly.ts';

export const PARTITIONS = 6;
export const HOURS = 6;
export const clean = cleanReadings({ meters: 40, hours: HOURS, stepMinutes: 5 });
/** Sentinels sit a day after the data, so every window of the data closes. */
export const SENTINEL_HOURS = HOURS + 24;
export const expected = expectedHourly(clean, closedBefore(SENTINEL_HOURS));
