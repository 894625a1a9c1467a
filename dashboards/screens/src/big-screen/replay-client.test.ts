import { describe, expect, it, vi } from 'vitest';
import { ManualSocket, ManualTimers } from '../feed/manual-feed.ts';
import { ChannelStore } from '../feed/store.ts';
import { channelFreshness } from '../shared/freshness.ts';
import { ReplayClient } from './replay-client.ts';
import { replayFromSearch, replayUrl } from './replay-mode.ts';
import type { UpgradeAnswer } from './replay-refusal.ts';

/** What the server answers a plain GET of the replay URL: 426 when it accepts token and values. */
const ACCEPTED: UpgradeAnswer = { status: 426, code: 'BAD_REQUEST', message: 'this is a WebSocket endpoint' };

function setup(answers: (UpgradeAnswer | Error)[] = []) {
  const timers = new ManualTimers(1_000_000);
  const sockets: { url: string; socket: ManualSocket }[] = [];
  const asked: string[] = [];
  const store = new ChannelStore();
  const client = new ReplayClient({
    request: { from: '2026-09-13T20:00:00+08:00', to: '2026-09-14T08:00:00+08:00', speed: '600' },
    token: 'display-token',
    location: { protocol: 'http:', host: 'wall:8080' },
    channels: ['risk', 'tickets'],
    store,
    timers,
    openSocket: (url) => {
      const socket = new ManualSocket();
      sockets.push({ url, socket });
      return socket;
    },
    probe: (url) => {
      asked.push(url);
      const answer = answers.shift() ?? ACCEPTED;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  });
  const last = () => {
    const s = sockets.at(-1);
    if (s === undefined) throw new Error('no socket');
    return s;
  };
  return { timers, store, client, last, sockets, asked };
}

const progress = (scenario: string, state = 'playing') => ({
  type: 'replay',
  state,
  scenario_time: scenario,
  from: '2026-09-13T20:00:00.000+08:00',
  to: '2026-09-14T08:00:00.000+08:00',
  speed: 600,
  progress: 0.5,
});

describe('replay > mode', () => {
  it('reads ?replay=<from>,<to>,<speed>, or says how to write it', () => {
    expect(replayFromSearch('?token=x')).toBeNull();
    expect(replayFromSearch('?replay=2026-09-13T20:00:00%2B08:00,1789344000000,600')).toEqual({
      from: '2026-09-13T20:00:00+08:00',
      to: '1789344000000',
      speed: '600',
    });
    expect(replayFromSearch('?replay=1,2')).toHaveProperty('error');
    expect(replayUrl({ protocol: 'https:', host: 'h' }, { from: 'a+b', to: 'c', speed: '1' }, 't')).toBe(
      'wss://h/api/replay?from=a%2Bb&to=c&speed=1&token=t',
    );
  });
});

describe('replay > ReplayClient', () => {
  it('applies snapshots and keeps unchanged channels fresh with each replay frame', () => {
    const { timers, store, client, last } = setup();
    client.start();
    last().socket.open();
    last().socket.receive({ type: 'snapshot', channel: 'risk', seq: 1, ts: 't', data: { a: 1 } });
    last().socket.receive({ type: 'snapshot', channel: 'tickets', seq: 1, ts: 't', data: {} });
    last().socket.receive(progress('2026-09-14T02:00:00.000+08:00'));
    expect(client.stats.status).toBe('live');
    expect(client.progress).toMatchObject({ state: 'playing', progress: 0.5, speed: 600 });
    // 20 s of replay frames without any channel changing: still fresh, never stale.
    for (let i = 0; i < 20; i += 1) {
      timers.advance(1_000);
      last().socket.receive(progress('2026-09-14T02:00:00.000+08:00'));
      client.tick(timers.now());
    }
    expect(channelFreshness(store.get('risk'), client.stats, timers.now())).toBe('fresh');
    expect(store.value('risk', 'a')).toBe(1);
  });

  it('shows stale when frames stop, and resumes from the last scenario time after a drop', () => {
    const { timers, client, last, sockets } = setup();
    client.start();
    last().socket.open();
    last().socket.receive(progress('2026-09-14T02:00:00.000+08:00'));
    timers.advance(16_000);
    client.tick(timers.now());
    expect(client.stats.status).toBe('stale');
    last().socket.drop();
    expect(client.stats.status).toBe('offline');
    timers.advance(3_000);
    expect(sockets).toHaveLength(2);
    expect(new URL(last().url).searchParams.get('from')).toBe('2026-09-14T02:00:00.000+08:00');
  });

  it('sends pause and resume', () => {
    const { client, last } = setup();
    client.start();
    last().socket.open();
    client.pause();
    client.resume();
    expect(last().socket.sent).toEqual([{ type: 'pause' }, { type: 'resume' }]);
  });
});

describe('replay > why it did not start', () => {
  it('asks the same URL over HTTP and stops at once on a 400, showing the code and the field', async () => {
    const { timers, client, last, sockets, asked } = setup([
      {
        status: 400,
        code: 'BAD_REQUEST',
        message: 'querystring: from: expected ISO-8601 with an offset … between 2000 and 2200',
      },
    ]);
    client.start();
    last().socket.drop(); // a refused upgrade: the browser sees a bare close
    await vi.waitFor(() => expect(client.progress.state).toBe('refused'));
    expect(asked).toEqual([
      'http://wall:8080/api/replay?from=2026-09-13T20%3A00%3A00%2B08%3A00&to=2026-09-14T08%3A00%3A00%2B08%3A00&speed=600&token=display-token',
    ]);
    expect(client.progress.code).toBe('BAD_REQUEST');
    expect(client.progress.message).toContain(
      'BAD_REQUEST（回放参数不合法）：querystring: from: expected ISO-8601',
    );
    // The status bar shows why, instead of "reconnecting".
    expect(client.stats).toMatchObject({ status: 'offline', nextRetryAt: null });
    expect(client.stats.stopped).toBe(client.progress.message);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1); // retrying cannot help
  });

  it.each([
    [401, 'UNAUTHORIZED', '令牌无效或缺失'],
    [403, 'FORBIDDEN', '此令牌的角色不能回放'],
  ])('stops at once on a %i, saying %s', async (status, code, meaning) => {
    const { client, last } = setup([{ status, code, message: 'no' }]);
    client.start();
    last().socket.drop();
    await vi.waitFor(() => expect(client.progress.code).toBe(code));
    expect(client.progress).toMatchObject({ state: 'refused', message: expect.stringContaining(meaning) });
  });

  it('retries a 429 or a server that does not answer, saying why, and clears it once playing', async () => {
    const { timers, client, last, sockets } = setup([
      { status: 429, code: 'RATE_LIMITED', message: 'rate limit of 600 requests per minute exceeded' },
      new TypeError('Failed to fetch'),
    ]);
    client.start();
    last().socket.drop();
    await vi.waitFor(() => expect(client.progress.code).toBe('RATE_LIMITED'));
    expect(client.progress.state).toBe('connecting');
    timers.advance(3_000);
    last().socket.drop();
    await vi.waitFor(() => expect(timers.pending).toBe(1));
    expect(client.progress.code).toBeNull(); // no answer: the status bar shows offline
    timers.advance(3_000);
    expect(sockets).toHaveLength(3);
    last().socket.receive(progress('2026-09-14T02:00:00.000+08:00'));
    expect(client.progress).toMatchObject({ state: 'playing', code: null, message: null });
  });

  it('stops as UPGRADE_FAILED when the URL is accepted but three sockets in a row close at once', async () => {
    const { timers, client, last, sockets } = setup();
    client.start();
    for (let i = 1; i <= 3; i += 1) {
      last().socket.drop();
      // Asked, then either a retry is due or it stopped.
      await vi.waitFor(() => expect(timers.pending === 1 || client.progress.state === 'refused').toBe(true));
      timers.advance(3_000);
    }
    expect(client.progress).toMatchObject({ state: 'refused', code: 'UPGRADE_FAILED' });
    expect(sockets).toHaveLength(3);
  });

  it('does not count a replay that played and was cut: it resumes without asking', () => {
    const { timers, client, last, sockets, asked } = setup();
    client.start();
    for (let i = 0; i < 4; i += 1) {
      last().socket.receive(progress('2026-09-14T02:00:00.000+08:00'));
      last().socket.drop();
      timers.advance(3_000);
    }
    expect(sockets).toHaveLength(5);
    expect(asked).toEqual([]);
    expect(client.progress.state).toBe('playing');
  });

  it('shows the code of an error frame that refuses (too many replays)', () => {
    const { client, last } = setup();
    client.start();
    last().socket.receive({
      type: 'error',
      code: 'RATE_LIMITED',
      message: 'at most 2 replays per token at once',
    });
    last().socket.drop();
    expect(client.progress).toMatchObject({ state: 'refused', code: 'RATE_LIMITED' });
    expect(client.progress.message).toContain('at most 2 replays per token at once');
  });
});
