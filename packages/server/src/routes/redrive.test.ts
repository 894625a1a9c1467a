import { describe, expect, it } from 'vitest';
import type { Redriver } from '../deps.ts';
import { TOKENS, testServer } from '../test-support.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const valid = {
  topic: 'city.sensor.meter-readings',
  reason: 'unknown_id',
  from: '2026-09-14T00:00:00+08:00',
  to: '2026-09-15T00:00:00+08:00',
};

function recording() {
  const calls: Parameters<Redriver>[0][] = [];
  const redrive: Redriver = async (request) => {
    calls.push(request);
    return { redriven: 0 };
  };
  return { calls, redrive };
}

describe('POST /api/admin/redrive', () => {
  it('is for duty officers only', async () => {
    const { calls, redrive } = recording();
    const app = testServer({ redrive });
    for (const token of [TOKENS.leader, TOKENS.analyst, TOKENS.display]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/admin/redrive',
        headers: bearer(token),
        payload: valid,
      });
      expect(r.statusCode).toBe(403);
    }
    const none = await app.inject({ method: 'POST', url: '/api/admin/redrive', payload: valid });
    expect(none.statusCode).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('passes a valid request on with the caller, defaults filled in', async () => {
    const { calls, redrive } = recording();
    const app = testServer({ redrive });
    const r = await app.inject({
      method: 'POST',
      url: '/api/admin/redrive',
      headers: bearer(TOKENS.duty),
      payload: { ...valid, dry_run: true },
    });
    expect(r.statusCode).toBe(200);
    expect(calls).toEqual([{ ...valid, limit: 1_000, dryRun: true, by: 'token:4' }]);
  });

  it.each([
    ['a topic off the allow-list', { topic: 'onegrid.alerts' }],
    ['a dead-letter topic itself', { topic: 'city.sensor.meter-readings.dlq' }],
    ['a reason no fix can cure', { reason: 'malformed_json' }],
    ['a time without an offset', { from: '2026-09-14 00:00:00' }],
    ['from after to', { from: '2026-09-16T00:00:00+08:00' }],
    ['a range over 31 days', { from: '2026-01-01T00:00:00+08:00' }],
    ['too many letters', { limit: 100_000 }],
    ['a field it does not know', { where: '1=1' }],
    ['a wrong type', { dry_run: 'yes' }],
  ])('refuses %s with 400, before the re-drive runs', async (_what, change) => {
    const { calls, redrive } = recording();
    const app = testServer({ redrive });
    const r = await app.inject({
      method: 'POST',
      url: '/api/admin/redrive',
      headers: bearer(TOKENS.duty),
      payload: { ...valid, ...change },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toBe('BAD_REQUEST');
    expect(calls).toHaveLength(0);
  });

  it('runs one re-drive at a time', async () => {
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const app = testServer({
      redrive: () =>
        new Promise((resolve) => {
          release = () => resolve({ redriven: 1 });
          entered();
        }),
    });
    const post = () =>
      app.inject({ method: 'POST', url: '/api/admin/redrive', headers: bearer(TOKENS.duty), payload: valid });
    const first = post();
    await inside;
    const second = await post();
    expect(second.statusCode).toBe(429);
    release();
    expect((await first).statusCode).toBe(200);
  });

  it('answers 503 when the server has no re-drive wired', async () => {
    const app = testServer();
    const r = await app.inject({
      method: 'POST',
      url: '/api/admin/redrive',
      headers: bearer(TOKENS.duty),
      payload: valid,
    });
    expect(r.statusCode).toBe(503);
  });
});
