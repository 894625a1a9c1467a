import { createLogger } from '@onegrid/logging';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { loadOpsConfig } from './config.ts';
import type { ComponentHealth, ProcessorStatus } from './deps.ts';
import { buildOpsServer } from './ops-server.ts';

const logger = createLogger('test', 'silent');

function opsServer(options: {
  clickhouse?: () => Promise<ComponentHealth>;
  processors?: () => Promise<readonly ProcessorStatus[]>;
  metrics?: Registry;
  env?: Record<string, string>;
  warm?: () => ComponentHealth;
}) {
  return buildOpsServer({
    logger,
    config: loadOpsConfig(options.env ?? {}),
    healthChecks: {
      kafka: async () => ({ ok: true, brokers: 1 }),
      clickhouse: options.clickhouse ?? (async () => ({ ok: true })),
    },
    ...(options.processors !== undefined ? { processors: options.processors } : {}),
    ...(options.warm !== undefined ? { warm: options.warm } : {}),
    metrics: options.metrics ?? new Registry(),
  });
}

const tickets = (lag: number): ProcessorStatus => ({
  name: 'ticket-response',
  lag,
  watermark: '2026-09-14T00:15:00.000Z',
});

describe('ops server > health', () => {
  it('/health lists Kafka, ClickHouse and each processor with its lag and watermark', async () => {
    const app = opsServer({ processors: async () => [tickets(12)] });
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      components: {
        kafka: { ok: true, brokers: 1 },
        clickhouse: { ok: true },
        processors: { ok: true, processors: [tickets(12)] },
      },
    });
  });

  it('/health answers 503 naming ClickHouse when it does not answer', async () => {
    const app = opsServer({
      clickhouse: async () => ({ ok: false, error: 'connect ECONNREFUSED' }),
      processors: async () => [tickets(0)],
    });
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'degraded',
      components: { clickhouse: { ok: false, error: 'connect ECONNREFUSED' }, processors: { ok: true } },
    });
  });

  it('/health answers 503 when the processors cannot report', async () => {
    const app = opsServer({
      processors: async () => {
        throw new Error('stopped');
      },
    });
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json().components.processors).toEqual({ ok: false, error: 'stopped' });
  });

  it('/health and /health/ready answer 503 naming a processor that stopped on a failure', async () => {
    const failed: ProcessorStatus = {
      ...tickets(0),
      name: 'hazard',
      failure: {
        code: 'SINK_REJECTED',
        message: 'ClickHouse refused the rows for alerts (VIOLATED_CONSTRAINT)',
      },
    };
    const app = opsServer({ processors: async () => [tickets(0), failed] });
    for (const url of ['/health', '/health/ready']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(503);
      expect(response.json().components.processors).toMatchObject({
        ok: false,
        error: 'stopped on a failure: hazard (SINK_REJECTED)',
      });
    }
  });

  it('/health/ready judges lag against ONEGRID_READY_MAX_LAG; /health does not', async () => {
    const app = opsServer({ processors: async () => [tickets(101)], env: { ONEGRID_READY_MAX_LAG: '100' } });
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().components.processors).toMatchObject({
      error: 'lag over 100: ticket-response (lag 101)',
    });
  });

  it('/health/ready waits for warm, then says ready, or degraded once it gave up; /health/live does not', async () => {
    let warm: ComponentHealth = { ok: false, error: 'warming: live lane' };
    const app = opsServer({ warm: () => warm });
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    const cold = await app.inject({ url: '/health/ready' });
    expect(cold.statusCode).toBe(503);
    expect(cold.json()).toMatchObject({
      status: 'not_ready',
      components: { warm: { error: 'warming: live lane' } },
    });
    warm = { ok: true };
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', components: { warm: { ok: true } } });
    warm = { ok: true, degraded: true, error: 'not warm (gave up waiting): live lane' };
    const degraded = await app.inject({ url: '/health/ready' });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toMatchObject({ status: 'degraded', components: { warm: { degraded: true } } });
  });

  it('/health/live answers without asking dependencies', async () => {
    const app = opsServer({ clickhouse: () => new Promise(() => {}) });
    expect((await app.inject({ url: '/health/live' })).json()).toEqual({ status: 'ok' });
  });
});

describe('ops server > metrics and nothing else', () => {
  it('/metrics serves the given registry without a token', async () => {
    const metrics = new Registry();
    new Counter({ name: 'onegrid_stream_events_in_total', help: 'read', registers: [metrics] }).inc(3);
    const app = opsServer({ metrics });
    const response = await app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(metrics.contentType);
    expect(response.body).toContain('onegrid_stream_events_in_total 3');
  });

  it('serves no feed, REST, SQL or screens', async () => {
    const app = opsServer({});
    for (const url of ['/api/feed', '/api/state/risk', '/docs', '/']) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
    expect(
      (await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'SELECT 1' } })).statusCode,
    ).toBe(404);
  });
});
