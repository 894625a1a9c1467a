import type { ClickHouseClient } from '@clickhouse/client';
import { alertStatus, alertType, districtCode } from '@onegrid/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors.ts';
import { addRoute } from '../http/route.ts';
import { limitQuery, resolveRange, type TimeRange, timeRangeQuery } from '../http/time-range.ts';
import { listAlerts } from '../queries/alerts.ts';
import { gaugeLevels } from '../queries/gauge-levels.ts';
import { riskHistory } from '../queries/risk-history.ts';

/** History routes: risk by district, gauge levels, alerts. Ranges default to the last 24 h, at most 31 days. */
export function historyRoutes(
  app: FastifyInstance,
  clickhouse: ClickHouseClient | undefined,
  now: () => number,
): void {
  const range = (query: { from?: string; to?: string }): TimeRange => {
    const resolved = resolveRange(query, now(), { defaultHours: 24, maxDays: 31 });
    if ('error' in resolved) throw new HttpError('BAD_REQUEST', `querystring: ${resolved.error}`);
    return resolved;
  };

  addRoute(app, {
    method: 'GET',
    url: '/api/risk/history',
    permission: 'history',
    tags: ['history'],
    summary: 'Risk scores over time, for one district or all',
    querystring: z.object({
      district: districtCode.optional(),
      ...timeRangeQuery,
      limit: limitQuery(100_000, 10_000),
    }),
    handler: async ({ query }) => ({
      scores: await riskHistory(clickhouse, {
        district: query.district ?? '',
        range: range(query),
        limit: query.limit,
      }),
    }),
  });

  addRoute(app, {
    method: 'GET',
    url: '/api/gauges/:id/levels',
    permission: 'history',
    tags: ['history'],
    summary: "A gauge's levels per 5 minutes, with its thresholds",
    params: z.object({ id: z.string().min(1).max(128) }),
    querystring: z.object(timeRangeQuery),
    handler: async ({ params, query }) => {
      const found = await gaugeLevels(clickhouse, { id: params.id, range: range(query) });
      if (found === undefined) throw new HttpError('NOT_FOUND', `no gauge "${params.id}" in the registry`);
      return found;
    },
  });

  addRoute(app, {
    method: 'GET',
    url: '/api/alerts',
    permission: 'history',
    tags: ['history'],
    summary: 'Alerts active at some time in the range (latest status of each), newest first',
    querystring: z.object({
      type: alertType.optional(),
      status: alertStatus.optional(),
      district: districtCode.optional(),
      ...timeRangeQuery,
      limit: limitQuery(10_000, 500),
    }),
    handler: async ({ query }) => ({
      alerts: await listAlerts(clickhouse, {
        type: query.type ?? '',
        status: query.status ?? '',
        district: query.district ?? '',
        range: range(query),
        limit: query.limit,
      }),
    }),
  });
}
