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
      params: z
        .record(
          z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
          z.union([z.string(), z.number(), z.boolean(), z.null()]),
        )
        .optional()
        .describe("values for the query's {name:Type} parameters"),
      max_rows: z.int().min(1).max(100_000).default(10_000),
    }),
    handler: async ({ body, request, reply }) => {
      if (sql === undefined)
        throw new HttpError('NOT_CONFIGURED', 'read-only SQL is not configured on this server');
      const outcome = await sql(body.sql, {
        user: request.principal?.key ?? 'anonymous',
        maxRows: body.max_rows,
        ...(body.params === undefined ? {} : { params: body.params }),
      });
      if (outcome.ok) return outcome.result;
      const { code, message, clickhouseCode, retryAfterMs } = outcome.error;
      if (code === 'QUOTA_EXCEEDED' || code === 'BUSY') {
        if (retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
        throw new HttpError('RATE_LIMITED', message);
      }
      // An engine error with a ClickHouse code is the query's (syntax, unknown column, a limit); without one, the engine's.
      if (code === 'CLICKHOUSE_ERROR' && clickhouseCode === undefined)
        throw new HttpError('QUERY_FAILED', message);
      throw new HttpError(code === 'CLICKHOUSE_ERROR' ? 'QUERY_INVALID' : 'QUERY_REFUSED', message);
    },
  });
}
