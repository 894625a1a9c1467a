import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addRoute } from '../http/route.ts';
import { REGISTRIES, readRegistry } from '../queries/registry.ts';

/** `GET /api/registry/:name`: reference data (districts, gauges, shelters, stations), no personal data. */
export function registryRoutes(app: FastifyInstance, clickhouse: ClickHouseClient | undefined): void {
  addRoute(app, {
    method: 'GET',
    url: '/api/registry/:name',
    permission: 'registry',
    tags: ['registry'],
    summary: 'A registry: districts, gauges, shelters or stations',
    params: z.object({ name: z.enum(REGISTRIES) }),
    handler: async ({ params }) => ({ [params.name]: await readRegistry(clickhouse, params.name) }),
  });
}
