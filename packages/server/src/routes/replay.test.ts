import { afterAll, describe, expect, it } from 'vitest';
import { TOKENS, testServer } from '../test-support.ts';

// The replay route's checks before any socket opens (the session is replay/session.test.ts,
// the reads replay/frames.e2e.test.ts on chDB).

const app = testServer();
afterAll(() => app.close());

const GOOD = 'from=2026-09-13T20:00:00%2B08:00&to=2026-09-14T08:00:00%2B08:00&speed=600';
const get = (query: string, token: string | null = TOKENS.display) =>
  app.inject({ method: 'GET', url: `/api/replay?${query}${token === null ? '' : `&token=${token}`}` });

describe('routes > /api/replay', () => {
  it('lets a display wall in (a plain GET is told to upgrade)', async () => {
    const res = await get(GOOD);
    expect(res.statusCode).toBe(426);
  });

  it('needs a token, and a role that may read the feed', async () => {
    expect((await get(GOOD, null)).statusCode).toBe(401);
    const analyst = await app.inject({
      method: 'GET',
      url: `/api/replay?${GOOD}`,
      headers: { authorization: `Bearer ${TOKENS.analyst}` },
    });
    expect(analyst.statusCode).toBe(403);
  });

  it.each([
    [
      'a huge range',
      'from=2000-01-01T00:00:00Z&to=2026-09-14T08:00:00Z&speed=600',
      'to: a replay covers at most 14 days',
    ],
    ['NaN', 'from=NaN&to=2026-09-14T08:00:00Z&speed=600', 'from: expected ISO-8601'],
    ['a negative speed', `${GOOD.replace('speed=600', 'speed=-600')}`, 'speed: expected one of'],
    [
      'SQL in a value',
      `from=${encodeURIComponent("1' OR '1'='1")}&to=2026-09-14T08:00:00Z&speed=60`,
      'from: expected ISO-8601',
    ],
    [
      'to before from',
      'from=2026-09-14T08:00:00Z&to=2026-09-13T08:00:00Z&speed=60',
      'to: must be after from',
    ],
  ])('refuses %s with a 400 naming the field', async (_name, query, message) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'BAD_REQUEST', message: expect.stringContaining(message) });
  });
});
