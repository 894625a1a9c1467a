import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FeedClient, type Frame, listen, TOKENS, testServer } from '../test-support.ts';
import { CLOSE_TOO_SLOW } from './feed-server.ts';

// Real sockets on loopback; the hub is fed directly (no Kafka, no ClickHouse needed).

let app: FastifyInstance | undefined;
const clients: FeedClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await app?.close();
  app = undefined;
});

async function start(env: Record<string, string> = {}) {
  app = testServer({}, { ONEGRID_FEED_FLUSH_MS: '20', ...env });
  const base = await listen(app);
  return { app, base };
}

async function connect(base: string, token: string | null = TOKENS.display) {
  const client = await FeedClient.open(base, token);
  clients.push(client);
  return client;
}

function risk(score: number) {
  return {
    district: '310101',
    name: '黄浦区',
    ts: '2026-09-14T08:00:00+08:00',
    score,
    level: 'blue' as const,
    components: { wind: 0.1, rain: 0.1, water: 0.1, exposure: 0.1 },
  };
}

const seqs = (frames: Frame[]) => frames.map((f) => f.seq);

describe('feed > subscribe', () => {
  it('sends a snapshot, then each delta with the next seq', async () => {
    const { app, base } = await start();
    app.live.publish('risk', { upserts: { '310101': risk(10) } });
    app.live.flushAll();
    const client = await connect(base);
    client.send({ type: 'subscribe', channels: [{ channel: 'risk' }] });
    const snapshot = await client.waitFor('snapshot', (f) => f.find((x) => x.type === 'snapshot'));
    expect(snapshot).toMatchObject({ channel: 'risk', seq: 1, data: { '310101': { score: 10 } } });

    app.live.publish('risk', { upserts: { '310104': { ...risk(20), district: '310104' } } });
    await client.waitFor('delta 2', (f) => f.find((x) => x.seq === 2));
    app.live.publish('risk', { removes: ['310101'] });
    await client.waitFor('delta 3', (f) => f.find((x) => x.seq === 3));
    expect(client.of('risk', 'delta')).toMatchObject([
      { seq: 2, upserts: { '310104': { score: 20 } }, removes: [] },
      { seq: 3, upserts: {}, removes: ['310101'] },
    ]);
  });

  it('sends nothing for a channel after unsubscribe', async () => {
    const { app, base } = await start();
    const client = await connect(base);
    client.send({ type: 'subscribe', channels: [{ channel: 'risk' }, { channel: 'alerts' }] });
    await client.waitFor('two snapshots', (f) => (f.length >= 2 ? true : undefined));
    client.send({ type: 'unsubscribe', channels: ['risk'] });
    // The server handles frames in order: once the next subscribe is answered, the unsubscribe was too.
    client.send({ type: 'subscribe', channels: [{ channel: 'tickets' }] });
    await client.waitFor('tickets snapshot', (f) => f.find((x) => x.channel === 'tickets'));
    app.live.publish('risk', { upserts: { '310101': risk(1) } });
    app.live.publish('alerts', { upserts: { a1: { x: 1 } as never } });
    await client.waitFor('alerts delta', (f) => f.find((x) => x.channel === 'alerts' && x.type === 'delta'));
    app.live.flushAll();
    expect(client.of('risk', 'delta')).toEqual([]);
  });
});

describe('feed > resume', () => {
  it('a client that reconnects with its last seq gets exactly what it missed', async () => {
    const { app, base } = await start();
    const first = await connect(base);
    first.send({ type: 'subscribe', channels: [{ channel: 'risk' }] });
    await first.waitFor('snapshot', (f) => f.find((x) => x.type === 'snapshot'));
    for (let i = 1; i <= 3; i++) {
      app.live.publish('risk', { upserts: { '310101': risk(i) } });
      await first.waitFor(`delta ${i}`, (f) => f.find((x) => x.seq === i));
    }
    first.close();
    for (let i = 4; i <= 7; i++) {
      app.live.publish('risk', { upserts: { '310101': risk(i) } });
      app.live.flushAll();
    }
    const again = await connect(base);
    again.send({ type: 'subscribe', channels: [{ channel: 'risk', since: 3 }] });
    await again.waitFor('deltas 4..7', (f) => f.find((x) => x.seq === 7));
    expect(again.frames.filter((f) => f.type !== 'heartbeat').map((f) => [f.type, f.seq])).toEqual([
      ['delta', 4],
      ['delta', 5],
      ['delta', 6],
      ['delta', 7],
    ]);
    app.live.publish('risk', { upserts: { '310101': risk(8) } });
    await again.waitFor('delta 8', (f) => f.find((x) => x.seq === 8));
    expect(seqs(again.of('risk'))).toEqual([4, 5, 6, 7, 8]);
  });

  it('a seq older than the history held, or from an earlier run, gets a fresh snapshot', async () => {
    const { app, base } = await start({ ONEGRID_FEED_HISTORY: '2' });
    for (let i = 1; i <= 5; i++) {
      app.live.publish('risk', { upserts: { '310101': risk(i) } });
      app.live.flushAll();
    }
    const client = await connect(base);
    client.send({
      type: 'subscribe',
      channels: [
        { channel: 'risk', since: 1 },
        { channel: 'gauges', since: 99 },
      ],
    });
    await client.waitFor('two snapshots', (f) =>
      f.filter((x) => x.type === 'snapshot').length === 2 ? true : undefined,
    );
    expect(client.of('risk')).toMatchObject([{ type: 'snapshot', seq: 5, data: { '310101': { score: 5 } } }]);
    expect(client.of('gauges')).toMatchObject([{ type: 'snapshot', seq: 0, data: {} }]);
  });
});

describe('feed > refusals', () => {
  it('refuses the upgrade without a token (401), with an unknown one (401) or a role without the feed (403)', async () => {
    const { base } = await start();
    await expect(FeedClient.open(base, null)).rejects.toThrow('HTTP 401');
    await expect(FeedClient.open(base, 'not-a-valid-token-000000')).rejects.toThrow('HTTP 401');
    await expect(FeedClient.open(base, TOKENS.analyst)).rejects.toThrow('HTTP 403');
    const ok = await connect(base, TOKENS.leader);
    expect(ok.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('answers bad frames with an error frame naming the problem, and stays open', async () => {
    const { base } = await start();
    const client = await connect(base);
    client.socket.send('{not json');
    client.send({ type: 'subscribe', channels: [{ channel: 'weather2' }] });
    client.send({ type: 'subscribe', channels: [{ channel: 'risk', since: -1 }] });
    client.send({ type: 'hello' });
    const errors = await client.waitFor('four errors', (f) => {
      const e = f.filter((x) => x.type === 'error');
      return e.length === 4 ? e : undefined;
    });
    expect(errors[0]).toMatchObject({ code: 'BAD_JSON' });
    expect(errors[1]).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('unknown channel "weather2"; channels are risk, gauges'),
    });
    expect(errors[2]?.message).toContain('since: expected the last seq seen');
    expect(errors[3]?.message).toContain('type: expected "subscribe" or "unsubscribe"');
    client.send({ type: 'subscribe', channels: [{ channel: 'risk' }] });
    await client.waitFor('snapshot after errors', (f) => f.find((x) => x.type === 'snapshot'));
  });
});

describe('feed > heartbeat', () => {
  it('tells each channel its seq and as_of, and ends connections that stop answering pings', async () => {
    const { app, base } = await start({ ONEGRID_FEED_HEARTBEAT_S: '0.1' });
    app.live.publish('risk', { upserts: { '310101': risk(1) }, asOf: '2026-09-14T08:00:00+08:00' });
    const client = await connect(base);
    client.send({ type: 'subscribe', channels: [{ channel: 'risk' }] });
    const beat = await client.waitFor('heartbeat', (f) =>
      f.find((x) => x.type === 'heartbeat' && x.channels?.risk?.seq === 1),
    );
    expect(beat.channels).toEqual({ risk: { seq: 1, as_of: '2026-09-14T08:00:00+08:00' } });

    const silent = await connect(base);
    // A peer that never answers pings: stop ws from auto-replying.
    (silent.socket as unknown as { pong: () => void }).pong = () => {};
    silent.socket.removeAllListeners('ping');
    (
      silent.socket as unknown as { _receiver: { removeAllListeners(e: string): void } }
    )._receiver.removeAllListeners('ping');
    await silent.waitFor('closed by the server', () => silent.closed, 3_000);
    expect(app.feed.clientCount).toBe(1);
  });
});

describe('feed > slow clients', () => {
  const BIG = 'x'.repeat(200_000);
  const SLOW_BYTES = 64 * 1024;

  /** Publishes large deltas until the server withholds deltas from `slow`, checking `fast` keeps up. */
  async function stallOne(app: FastifyInstance, fast: FeedClient) {
    for (let i = 1; app.feed.stats().stalled === 0; i++) {
      if (i > 500) throw new Error('the paused client never filled its send buffer');
      app.live.publish('alerts', { upserts: { big: { i, pad: BIG } as never } });
      const seq = app.live.info('alerts').seq + 1;
      // The fast client gets each delta before the next is published: the slow one holds nobody up.
      await fast.waitFor(
        `delta ${seq}`,
        (f) => f.find((x) => x.channel === 'alerts' && x.seq === seq),
        2_000,
      );
    }
  }

  function pause(client: FeedClient) {
    (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
  }
  function resume(client: FeedClient) {
    (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.resume();
  }

  /** Two clients on `alerts` (snapshots read); `slow` stops reading until the server withholds its deltas. */
  async function oneStalled(env: Record<string, string>) {
    const { app, base } = await start({ ONEGRID_FEED_SLOW_BYTES: String(SLOW_BYTES), ...env });
    const fast = await connect(base);
    const slow = await connect(base);
    for (const c of [fast, slow]) c.send({ type: 'subscribe', channels: [{ channel: 'alerts' }] });
    await slow.waitFor('snapshot', (f) => f.find((x) => x.type === 'snapshot'));
    await fast.waitFor('snapshot', (f) => f.find((x) => x.type === 'snapshot'));
    pause(slow);
    await stallOne(app, fast);
    return { app, fast, slow };
  }

  it('withholds deltas from a client that stops reading, keeps its queue bounded, and resyncs it with a snapshot', async () => {
    const { app, fast, slow } = await oneStalled({});

    // More deltas while stalled: the fast client gets them all, the slow one's queue does not grow.
    const queued = app.feed.stats().bufferedBytes;
    for (let i = 0; i < 5; i++) {
      app.live.publish('alerts', { upserts: { big: { i: -i, pad: BIG } as never } });
      const seq = app.live.info('alerts').seq + 1;
      await fast.waitFor(`delta ${seq}`, (f) => f.find((x) => x.seq === seq));
    }
    expect(app.feed.stats().bufferedBytes).toBeLessThanOrEqual(queued);
    expect(queued).toBeLessThan(SLOW_BYTES + 2 * (BIG.length + 1_000));
    const fastSeqs = seqs(fast.of('alerts'));
    expect(fastSeqs).toEqual(Array.from({ length: fastSeqs.length }, (_, i) => i)); // snapshot 0, then 1, 2, … no gap

    resume(slow);
    const latest = app.live.info('alerts').seq;
    const resync = await slow.waitFor('snapshot after draining', (f) =>
      f.find((x) => x.type === 'snapshot' && (x.seq ?? 0) >= latest),
    );
    const before = slow.of('alerts').filter((f) => f !== resync);
    expect(before.map((f) => f.seq)).toEqual(Array.from({ length: before.length }, (_, i) => i)); // no gap before it
    expect(resync.data).toEqual({ big: { i: -4, pad: BIG } });
    expect(app.feed.stats().stalled).toBe(0);
  });

  it('drops a client that stays stalled, and the others carry on', async () => {
    const { app, fast, slow } = await oneStalled({ ONEGRID_FEED_STALL_S: '0.3' });
    await fast.waitFor('the slow client dropped', () => (app.feed.stats().clients === 1 ? true : undefined));
    expect(app.feed.stats()).toMatchObject({ clients: 1, stalled: 0 });
    resume(slow);
    await slow.waitFor('closed', () => slow.closed);
    expect([CLOSE_TOO_SLOW, 1006]).toContain(slow.closed?.code);
    app.live.publish('alerts', { upserts: { after: { ok: true } as never } });
    const seq = app.live.info('alerts').seq + 1;
    await fast.waitFor('a delta after the drop', (f) => f.find((x) => x.seq === seq));
  });
});
