import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SqlRunner } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { addRoute } from '../http/route.ts';

/**
 * `POST /api/sql`: analysts' read-only SQL. The server only checks the request and passes it on;
 * what is read-only (one SELECT, readonly settings, limits) is the runner's job (the store's
 * `runReadOnlyQuery`).
 */
export function sqlRoutes(app: FastifyInstance, sql: SqlRunner | undefined): void {
  addRoute(app, {
    method: 'POST',
    url: '/api/sql',
    permission: 'sql',
    tags: ['sql'],
    summary: 'Run one read-only query (analysts)',
    body: z.object({
      sql: z.string().trim().min(1, { error: 'expected a query' }).max(20_000),
      max_rows: z.int().min(1).max(100_000).default(10_000),
    }),
    handler: async ({ body }) => {
      if (sql === undefined)
        throw new HttpError('NOT_CONFIGURED', 'read-only SQL is not configured on this server');
      try {
        return await sql(body.sql, { maxRows: body.max_rows });
      } catch (cause) {
        const error = cause as { message?: unknown; retriable?: unknown };
        const message = typeof error.message === 'string' ? error.message : String(cause);
        if (error.retriable === false) throw new HttpError('QUERY_REFUSED', message, { cause });
        throw new HttpError('QUERY_FAILED', message, { cause });
      }
    },
  });
}
