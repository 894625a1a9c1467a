import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TOKENS, testServer } from './test-support.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('server > health', () => {
  it('/health answers 200 when every component is ok', async () => {
    const app = testServer({
      healthChecks: { kafka: async () => ({ ok: true, brokers: 1 }), clickhouse: async () => ({ ok: true }) },
    });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      components: { kafka: { ok: true, brokers: 1 }, clickhouse: { ok: true } },
    });
  });

  it('/health answers 503 naming the component that failed or threw', async () => {
    const app = testServer({
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

  it('/health/live answers without asking dependencies', async () => {
    const app = testServer({ healthChecks: { kafka: () => new Promise(() => {}) } });
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
  });

  it('/health/ready fails naming a processor that lags past the bound', async () => {
    let lag = 10;
    const app = testServer(
      {
        healthChecks: { kafka: async () => ({ ok: true }) },
        processors: async () => [{ name: 'tickets', lag, watermark: '2026-09-14T08:00:00+08:00' }],
      },
      { ONEGRID_READY_MAX_LAG: '100' },
    );
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    lag = 101;
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().components.processors).toMatchObject({
      ok: false,
      error: 'lag over 100: tickets (lag 101)',
    });
  });
});

describe('server > access', () => {
  it('401 without a token or with an unknown one, with a clear message', async () => {
    const app = testServer();
    const none = await app.inject({ url: '/api/state/risk' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({
      statusCode: 401,
      error: 'UNAUTHORIZED',
      message: 'a token is required: send "Authorization: Bearer <token>" or ?token=<token>',
    });
    const wrong = await app.inject({ url: '/api/state/risk', headers: bearer('wrong-token-0000000000') });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe('the token is not valid');
  });

  it('403 when the role lacks the permission, naming the roles that have it', async () => {
    const app = testServer();
    const display = await app.inject({ url: '/api/alerts', headers: bearer(TOKENS.display) });
    expect(display.statusCode).toBe(403);
    expect(display.json().message).toBe(
      'role display may not use history; it needs one of: duty_officer, leader, analyst',
    );
    const duty = await app.inject({
      method: 'POST',
      url: '/api/sql',
      headers: bearer(TOKENS.duty),
      payload: { sql: 'SELECT 1' },
    });
    expect(duty.statusCode).toBe(403);
  });

  it('accepts the token in the query string, as browsers must for WebSockets', async () => {
    const app = testServer();
    const response = await app.inject({ url: `/api/state/risk?token=${TOKENS.display}` });
    expect(response.statusCode).toBe(200);
  });

  it('takes a token in the URL from the display role only (other roles send a header)', async () => {
    const app = testServer();
    const leader = await app.inject({ url: `/api/state/risk?token=${TOKENS.leader}` });
    expect(leader.statusCode).toBe(401);
    expect(leader.json()).toMatchObject({
      message: expect.stringMatching(/taken from the display role only/),
    });
    const analyst = await app.inject({
      method: 'POST',
      url: `/api/sql?token=${TOKENS.analyst}`,
      payload: { sql: 'SELECT 1' },
    });
    expect(analyst.statusCode).toBe(401);
    const header = await app.inject({ url: '/api/state/risk', headers: bearer(TOKENS.leader) });
    expect(header.statusCode).toBe(200);
  });

  it('every /api route declares a permission', () => {
    const app = testServer();
    expect(() => app.get('/api/unguarded', async () => 'x')).toThrow(
      'route GET /api/unguarded declares no permission',
    );
  });

  it('/metrics is open on loopback, and needs a duty officer or analyst token from elsewhere', async () => {
    const registry = new Registry();
    const app = testServer({ metrics: registry });
    const local = await app.inject({ url: '/metrics' });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('onegrid_feed_clients');
    const remote = await app.inject({ url: '/metrics', remoteAddress: '10.0.0.8' });
    expect(remote.statusCode).toBe(401);
    const analyst = await app.inject({
      url: '/metrics',
      remoteAddress: '10.0.0.8',
      headers: bearer(TOKENS.analyst),
    });
    expect(analyst.statusCode).toBe(200);
  });

  it('answers 429 once a token passes its rate limit', async () => {
    const app = testServer({}, { ONEGRID_RATE_LIMIT_PER_MIN: '3' });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await app.inject({ url: '/api/state/risk', headers: bearer(TOKENS.leader) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ url: '/api/state/risk', headers: bearer(TOKENS.leader) });
    expect(limited.json()).toMatchObject({
      error: 'RATE_LIMITED',
      message: expect.stringContaining('3 requests per minute'),
    });
    // Another token has its own budget.
    expect((await app.inject({ url: '/api/state/risk', headers: bearer(TOKENS.display) })).statusCode).toBe(
      200,
    );
  });
});

describe('server > input', () => {
  it('400 naming the field and what was expected', async () => {
    const app = testServer();
    const channel = await app.inject({ url: '/api/state/rain', headers: bearer(TOKENS.display) });
    expect(channel.statusCode).toBe(400);
    expect(channel.json()).toEqual({
      statusCode: 400,
      error: 'BAD_REQUEST',
      message: expect.stringContaining('params: channel: unknown channel "rain"; channels are risk, gauges'),
    });
    const district = await app.inject({
      url: '/api/risk/history?district=31&from=yesterday',
      headers: bearer(TOKENS.leader),
    });
    expect(district.statusCode).toBe(400);
    expect(district.json().message).toMatch(
      /^querystring: district: 6-digit district code; from: ISO-8601 time with offset/,
    );
    const group = await app.inject({ url: '/api/tickets/kpis?group=street', headers: bearer(TOKENS.leader) });
    expect(group.json().message).toContain('group: ');
  });

  it('400 when from is not before to, before touching ClickHouse', async () => {
    const app = testServer();
    const response = await app.inject({
      url: '/api/alerts?from=2026-09-14T10:00:00%2B08:00&to=2026-09-14T09:00:00%2B08:00',
      headers: bearer(TOKENS.duty),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('querystring: from must be before to');
  });

  it('503 for ClickHouse routes when the server runs without it', async () => {
    const app = testServer();
    const response = await app.inject({ url: '/api/registry/districts', headers: bearer(TOKENS.display) });
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toBe('CLICKHOUSE_UNAVAILABLE');
  });
});

describe('server > state, sql, docs, screens', () => {
  it('/api/state/:channel returns the snapshot the feed would send', async () => {
    const app = testServer();
    app.live.publish('tickets', {
      upserts: {
        all: {
          reported: 3,
          open: 1,
          resolved: 2,
          overdue: 0,
          p50_response_s: 600,
          p90_response_s: 900,
          on_time_rate: 1,
          satisfaction_rate: null,
          window: '24h',
        },
      },
      asOf: '2026-09-14T08:00:00+08:00',
    });
    app.live.flushAll();
    const response = await app.inject({ url: '/api/state/tickets', headers: bearer(TOKENS.display) });
    expect(response.json()).toMatchObject({
      channel: 'tickets',
      seq: 1,
      as_of: '2026-09-14T08:00:00+08:00',
      data: { all: { reported: 3 } },
    });
  });

  it('POST /api/sql passes the query and the caller to the runner, and maps its refusals', async () => {
    const calls: unknown[] = [];
    const app = testServer({
      sql: async (sql, options) => {
        calls.push(options);
        if (sql.startsWith('DROP'))
          return { ok: false, error: { code: 'NOT_READ_ONLY', message: 'only read statements may run' } };
        if (sql.includes('nope')) {
          return {
            ok: false,
            error: { code: 'CLICKHOUSE_ERROR', message: 'Unknown identifier nope', clickhouseCode: 47 },
          };
        }
        if (sql.includes('quota')) {
          return {
            ok: false,
            error: { code: 'QUOTA_EXCEEDED', message: 'quota used up', retryAfterMs: 30_000 },
          };
        }
        return { ok: true, result: { rows: [{ one: 1 }] } };
      },
    });
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/sql', headers: bearer(TOKENS.analyst), payload });
    const ok = await post({ sql: 'SELECT {x:UInt8} AS one', params: { x: 1 } });
    expect(ok.json()).toEqual({ rows: [{ one: 1 }] });
    expect(calls[0]).toEqual({ user: 'token:3', maxRows: 10_000, params: { x: 1 } });
    const refused = await post({ sql: 'DROP TABLE x' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      statusCode: 400,
      error: 'QUERY_REFUSED',
      message: 'only read statements may run',
    });
    const invalid = await post({ sql: 'SELECT nope' });
    expect(invalid.json()).toEqual({
      statusCode: 400,
      error: 'QUERY_INVALID',
      message: 'Unknown identifier nope',
    });
    const quota = await post({ sql: 'SELECT quota' });
    expect(quota.statusCode).toBe(429);
    expect(quota.headers['retry-after']).toBe('30');
    const empty = await post({ sql: ' ' });
    expect(empty.json().message).toBe('body: sql: expected a query');
  });

  it('documents every API route in OpenAPI, with zod-derived schemas', async () => {
    const app = testServer();
    await app.ready();
    const response = await app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    for (const path of [
      '/api/feed',
      '/api/state/{channel}',
      '/api/risk/history',
      '/api/gauges/{id}/levels',
      '/api/alerts',
      '/api/tickets/kpis',
      '/api/registry/{name}',
      '/api/sql',
      '/health/ready',
      '/metrics',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const group = doc.paths['/api/tickets/kpis'].get.parameters.find(
      (p: { name: string }) => p.name === 'group',
    );
    expect(group.schema.enum).toEqual(['district', 'department', 'category']);
  });

  it('sends security headers and CORS only to configured origins', async () => {
    const app = testServer({}, { ONEGRID_CORS_ORIGINS: 'http://screens.example' });
    const allowed = await app.inject({ url: '/health/live', headers: { origin: 'http://screens.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://screens.example');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['content-security-policy']).toContain("default-src 'self'");
    const other = await app.inject({ url: '/health/live', headers: { origin: 'http://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the built screens at / and /kpi, or says how to build them', async () => {
    const missing = testServer();
    const notBuilt = await missing.inject({ url: '/' });
    expect(notBuilt.statusCode).toBe(503);
    expect(notBuilt.body).toContain('pnpm --filter @onegrid/screens build');

    const dir = await mkdtemp(join(tmpdir(), 'onegrid-dist-'));
    await writeFile(join(dir, 'index.html'), '<title>大屏</title>');
    await writeFile(join(dir, 'kpi.html'), '<title>KPI</title>');
    const app = testServer({}, { ONEGRID_DASHBOARDS_DIR: dir });
    expect((await app.inject({ url: '/' })).body).toBe('<title>大屏</title>');
    expect((await app.inject({ url: '/kpi' })).body).toBe('<title>KPI</title>');
    expect((await app.inject({ url: '/api/nothing', headers: bearer(TOKENS.duty) })).statusCode).toBe(404);
  });
});
