import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors.ts';
import { addRoute } from '../http/route.ts';
import { resolveRange, timeRangeQuery } from '../http/time-range.ts';
import { KPI_BUCKETS, KPI_GROUPS, ticketKpis } from '../queries/ticket-kpis.ts';

/** Ticket KPIs over a chosen period, by district, department or category, per hour, day or week. */
export function kpiRoutes(
  app: FastifyInstance,
  clickhouse: ClickHouseClient | undefined,
  now: () => number,
): void {
  addRoute(app, {
    method: 'GET',
    url: '/api/tickets/kpis',
    permission: 'kpis',
    tags: ['kpis'],
    summary: 'Ticket KPIs (counts, on-time and satisfaction rates, response-time percentiles)',
    description: 'Over tickets reported in [from, to); default the last 7 days, at most 366 days.',
    querystring: z.object({
      ...timeRangeQuery,
      group: z.enum(KPI_GROUPS).default('district'),
      bucket: z.enum(KPI_BUCKETS).default('day'),
    }),
    handler: async ({ query }) => {
      const range = resolveRange(query, now(), { defaultHours: 7 * 24, maxDays: 366 });
      if ('error' in range) throw new HttpError('BAD_REQUEST', `querystring: ${range.error}`);
      const rows = await ticketKpis(clickhouse, { range, group: query.group, bucket: query.bucket });
      return { group: query.group, bucket: query.bucket, rows };
    },
  });
}
