import { describe, expect, it } from 'vitest';
import { ManualSocket, ManualTimers } from '../feed/manual-feed.ts';
import { ChannelStore } from '../feed/store.ts';
import { channelFreshness } from '../shared/freshness.ts';
import { ReplayClient } from './replay-client.ts';
import { replayFromSearch, replayUrl } from './replay-mode.ts';

function setup() {
  const timers = new ManualTimers(1_000_000);
  const sockets: { url: string; socket: ManualSocket }[] = [];
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
  });
  const last = () => {
    const s = sockets.at(-1);
    if (s === undefined) throw new Error('no socket');
    return s;
  };
  return { timers, store, client, last, sockets };
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

  it('sends pause and resume; gives up after three refused upgrades', () => {
    const { timers, client, last, sockets } = setup();
    client.start();
    last().socket.open();
    client.pause();
    client.resume();
    expect(last().socket.sent).toEqual([{ type: 'pause' }, { type: 'resume' }]);
    for (let i = 0; i < 3; i += 1) {
      last().socket.drop();
      timers.advance(3_000);
    }
    expect(client.progress.state).toBe('refused');
    expect(sockets).toHaveLength(3);
  });
});
