import { INPUT_TOPICS, REGISTRY_TOPICS } from '@onegrid/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Redriver } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { addRoute } from '../http/route.ts';

// The allow-lists of @onegrid/processors' redriveRequestSchema, which checks them again (the
// server does not depend on the processors): topics an archive dead-letters for, and the
// reasons a fix can cure.
const TOPICS = [...INPUT_TOPICS, ...REGISTRY_TOPICS] as const;
const REASONS = ['unknown_id', 'invalid'] as const;
const MAX_RANGE_MS = 31 * 86_400_000;

const iso = z.iso.datetime({ offset: true, error: 'expected an ISO-8601 time with an offset' });

const body = z
  .strictObject({
    topic: z.enum(TOPICS).describe('source topic whose dead letters (<topic>.dlq) to re-drive'),
    reason: z.enum(REASONS).describe('dead-letter reason code to re-drive'),
    from: iso.describe('dead-lettered at or after'),
    to: iso.describe('dead-lettered before; at most 31 days after from'),
    limit: z.int().min(1).max(10_000).default(1_000).describe('at most this many letters'),
    dry_run: z.boolean().default(false).describe('true: say what would be re-driven, publish nothing'),
  })
  .refine((b) => Date.parse(b.from) < Date.parse(b.to), { error: 'from must be before to', path: ['to'] })
  .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= MAX_RANGE_MS, {
    error: 'at most 31 days at a time',
    path: ['to'],
  });

/**
 * `POST /api/admin/redrive`: a duty officer re-publishes dead letters to their source topic once
 * their cause is fixed (e.g. the household registry caught up). Each letter is re-driven once:
 * asking again skips those already re-driven. One re-drive at a time per server.
 */
export function redriveRoutes(app: FastifyInstance, redrive: Redriver | undefined): void {
  let running = false;
  addRoute(app, {
    method: 'POST',
    url: '/api/admin/redrive',
    permission: 'redrive',
    tags: ['admin'],
    summary: 'Re-drive dead letters to their source topic (duty officers)',
    body,
    handler: async ({ body: b, request }) => {
      if (redrive === undefined)
        throw new HttpError('NOT_CONFIGURED', 're-driving dead letters is not configured on this server');
      if (running) throw new HttpError('RATE_LIMITED', 'a re-drive is under way: try again when it ends');
      running = true;
      try {
        return await redrive({
          topic: b.topic,
          reason: b.reason,
          from: b.from,
          to: b.to,
          limit: b.limit,
          dryRun: b.dry_run,
          by: request.principal?.key ?? 'anonymous',
        });
      } finally {
        running = false;
      }
    },
  });
}
