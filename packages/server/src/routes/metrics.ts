import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** `GET /metrics`: Prometheus text; open to loopback, else a duty officer's or analyst's token. */
export function metricsRoutes(app: FastifyInstance, registry: Registry): void {
  app.get(
    '/metrics',
    {
      config: { permission: 'metrics', rateLimit: false },
      schema: { tags: ['health'], summary: 'Prometheus metrics (server, feed and processors)', hide: false },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}
