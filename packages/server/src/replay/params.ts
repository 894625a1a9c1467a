import { z } from 'zod';

/** Replay speeds a client may ask for (× scenario time per wall second): an allow-list. */
export const REPLAY_SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 3600] as const;

/** The longest stored history one replay may cover. */
export const MAX_REPLAY_RANGE_MS = 14 * 86_400_000;

// ISO-8601 with a date, a time and an offset (Z or ±hh:mm); or epoch milliseconds, digits only.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EPOCH_MS = /^\d{1,15}$/;
// Stored history begins with onegrid; anything before 2000 or after 2200 is a wrong value.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

const instant = () =>
  z
    .string()
    .max(40, { error: 'at most 40 characters' })
    .transform((text, ctx) => {
      const ms = EPOCH_MS.test(text)
        ? Number(text)
        : ISO_WITH_OFFSET.test(text)
          ? Date.parse(text)
          : Number.NaN;
      if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms >= LATEST_MS) {
        ctx.addIssue({
          code: 'custom',
          message: `expected ISO-8601 with an offset (2026-09-14T02:10:00+08:00) or epoch milliseconds, between 2000 and 2200`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .describe('ISO-8601 with an offset, or epoch milliseconds');

const speed = z
  .string()
  .max(8, { error: 'at most 8 characters' })
  .transform((text, ctx) => {
    const n = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
    if (!(REPLAY_SPEEDS as readonly number[]).includes(n)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${REPLAY_SPEEDS.join(', ')}` });
      return z.NEVER;
    }
    return n;
  })
  .describe(`scenario seconds per wall second: one of ${REPLAY_SPEEDS.join(', ')}`);

/**
 * `GET /api/replay?from&to&speed` (plus the token): validated before the WebSocket opens. An
 * allow-list: any other key, or a key given twice, is refused.
 */
export const replayQuery = z
  .strictObject({
    from: instant(),
    to: instant(),
    speed,
    // Read and checked by the access hook (a browser's WebSocket cannot send a header).
    token: z.string().max(512).optional().describe('the token, when not sent as a header'),
  })
  .refine((q) => q.to > q.from, { error: 'must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_REPLAY_RANGE_MS, {
    error: 'a replay covers at most 14 days',
    path: ['to'],
  });

/** What a session plays (the token stays with the access check). */
export type ReplayParams = Omit<z.output<typeof replayQuery>, 'token'>;

/** What a replay client may send: pause and resume. */
export const replayClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
]);
