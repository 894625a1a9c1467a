import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import { listen, TOKENS, testServer } from '../test-support.ts';

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
    // The values an empty store's min(ts) gave the browser test in full runs.
    ['05:00 on 1970-01-01', 'from=18000000&to=21600000&speed=600', 'from: expected ISO-8601'],
    ['a key given twice', `${GOOD}&speed=1`, 'speed: Invalid input: expected string, received array'],
    ['a key not on the list', `${GOOD}&format=Native`, 'Unrecognized key: "format"'],
    ['a prototype key', `${GOOD}&__proto__=x`, 'Unrecognized key: "__proto__"'],
  ])('refuses %s with a 400 naming the field', async (_name, query, message) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'BAD_REQUEST', message: expect.stringContaining(message) });
  });
});

/** A real ws client on /api/replay recording frames and the close. */
function openReplay(base: string) {
  const socket = new WebSocket(`${base}/api/replay?${GOOD}&token=${TOKENS.display}`);
  const seen = { frames: [] as { type: string; code?: string }[], closed: undefined as number | undefined };
  socket.on('message', (d) => seen.frames.push(JSON.parse(d.toString()) as { type: string; code?: string }));
  socket.on('close', (code) => {
    seen.closed = code;
  });
  const until = (what: string, probe: () => boolean) =>
    waitUntil(() => (probe() ? true : undefined), {
      deadlineMs: 5_000,
      intervalMs: 10,
      describe: () => what,
    });
  return { socket, seen, until };
}

describe('routes > /api/replay over a socket', () => {
  it('without ClickHouse: an error frame and close 1011', async () => {
    const server = testServer();
    const replay = openReplay(await listen(server));
    await replay.until('close', () => replay.seen.closed !== undefined);
    expect(replay.seen.frames).toEqual([
      { type: 'error', code: 'CLICKHOUSE_UNAVAILABLE', message: 'this server runs without ClickHouse' },
    ]);
    expect(replay.seen.closed).toBe(1011);
    await server.close();
  });

  it('over the per-token limit: RATE_LIMITED and close 1013, the first replay goes on', async () => {
    // A client of a ClickHouse that is not there: the first session's reads fail (error
    // frames) while it holds its slot; the limit is what is tested.
    const clickhouse = createClient({
      url: 'http://127.0.0.1:9',
      request_timeout: 500,
      log: { level: ClickHouseLogLevel.OFF },
    });
    const server = testServer({ clickhouse, replayLimits: { perToken: 1, total: 4 } });
    const base = await listen(server);
    const first = openReplay(base);
    await first.until('first replay reading', () => first.seen.frames.length > 0);
    const second = openReplay(base);
    await second.until('second closed', () => second.seen.closed !== undefined);
    expect(second.seen.frames[0]).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
    expect(second.seen.closed).toBe(1013);
    expect(first.seen.closed).toBeUndefined();
    first.socket.terminate();
    await server.close();
    await clickhouse.close();
  });
});
