import { createLogger } from '@onegrid/logging';
import { describe, expect, it } from 'vitest';
import { buildServer } from './build-server.ts';

const logger = createLogger('test', 'silent');

describe('server > /health', () => {
  it('answers 200 when every component is ok', async () => {
    const app = buildServer({
      logger,
      healthChecks: { kafka: async () => ({ ok: true, brokers: 1 }), clickhouse: async () => ({ ok: true }) },
    });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      components: { kafka: { ok: true, brokers: 1 }, clickhouse: { ok: true } },
    });
  });

  it('answers 503 naming the component that failed or threw', async () => {
    const app = buildServer({
      logger,
      healthChecks: {
        kafka: async () => ({ ok: false, error: 'connection refused' }),
        clickhouse: async () => {
          throw new Error('engine closed');
        },
      },
    });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'degraded',
      components: {
        kafka: { ok: false, error: 'connection refused' },
        clickhouse: { ok: false, error: 'engine closed' },
      },
    });
  });

  it('answers liveness without asking dependencies', async () => {
    const app = buildServer({ logger, healthChecks: { kafka: () => new Promise(() => {}) } });
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
  });
});
