import { timestamp } from '@onegrid/contracts';
import { z } from 'zod';

const HOUR_MS = 3_600_000;

/** `from`/`to` as ISO times with an offset; both optional (default: the `defaultHours` before now). */
export const timeRangeQuery = {
  from: timestamp
    .optional()
    .describe('start, inclusive (ISO-8601 with offset); default: `to` minus the default span'),
  to: timestamp.optional().describe('end, exclusive (ISO-8601 with offset); default: now'),
};

export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Resolves an optional range against `now`: refuses `from` ≥ `to` and spans over `maxDays`,
 * so one request cannot scan years of data.
 */
export function resolveRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: number,
  options: { defaultHours: number; maxDays: number },
): TimeRange | { error: string } {
  const toMs = query.to === undefined ? now : Date.parse(query.to);
  const fromMs = query.from === undefined ? toMs - options.defaultHours * HOUR_MS : Date.parse(query.from);
  if (!(fromMs < toMs)) return { error: 'from must be before to' };
  if (toMs - fromMs > options.maxDays * 24 * HOUR_MS) {
    return { error: `the range may span at most ${options.maxDays} days` };
  }
  return { fromMs, toMs };
}

export const limitQuery = (max: number, fallback: number) =>
  z.coerce
    .number({ error: `expected an integer from 1 to ${max}` })
    .int({ error: `expected an integer from 1 to ${max}` })
    .min(1, { error: `expected an integer from 1 to ${max}` })
    .max(max, { error: `expected an integer from 1 to ${max}` })
    .default(fallback);
