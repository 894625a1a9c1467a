import { describe, expect, it } from 'vitest';
import { FeedClient } from './client.ts';
import { ManualSocket, ManualTimers } from './manual-feed.ts';
import { ChannelStore } from './store.ts';

function setup() {
  const timers = new ManualTimers(1_000_000);
  const sockets: ManualSocket[] = [];
  const store = new ChannelStore();
  const client = new FeedClient({
    url: 'ws://screen/api/feed?token=t',
    channels: ['risk', 'alerts'],
    store,
    timers,
    openSocket: () => {
      const s = new ManualSocket();
      sockets.push(s);
      return s;
    },
  });
  const last = (): ManualSocket => {
    const s = sockets.at(-1);
    if (s === undefined) throw new Error('no socket opened');
    return s;
  };
  return { timers, sockets, store, client, last };
}

const heartbeat = (risk: number) => ({
  type: 'heartbeat',
  ts: 't',
  channels: { risk: { seq: risk, as_of: 'a' } },
});

describe('client > FeedClient', () => {
  it('subscribes to every channel on open, without since the first time', () => {
    const { client, last } = setup();
    client.start();
    last().open();
    expect(last().sent).toEqual([
      { type: 'subscribe', channels: [{ channel: 'risk' }, { channel: 'alerts' }] },
    ]);
    expect(client.stats.status).toBe('connecting');
  });

  it('applies a snapshot then deltas and is live', () => {
    const { client, last, store } = setup();
    client.start();
    last().open();
    last().receive({ type: 'snapshot', channel: 'risk', seq: 5, ts: 't', data: { a: 1 } });
    last().receive({ type: 'delta', channel: 'risk', seq: 6, ts: 't', upserts: { b: 2 }, removes: ['a'] });
    expect(Object.fromEntries(store.get('risk')?.entries ?? [])).toEqual({ b: 2 });
    expect(client.stats.status).toBe('live');
  });

  it('resubscribes once from its last seq on a gap', () => {
    const { client, last } = setup();
    client.start();
    last().open();
    last().receive({ type: 'snapshot', channel: 'risk', seq: 5, ts: 't', data: {} });
    last().receive({ type: 'delta', channel: 'risk', seq: 8, ts: 't', upserts: {} });
    last().receive({ type: 'delta', channel: 'risk', seq: 9, ts: 't', upserts: {} });
    expect(last().sent.slice(1)).toEqual([{ type: 'subscribe', channels: [{ channel: 'risk', since: 5 }] }]);
    expect(client.stats.gaps).toBe(1);
  });

  it('resubscribes when a heartbeat shows a seq it never got', () => {
    const { client, last } = setup();
    client.start();
    last().open();
    last().receive({ type: 'snapshot', channel: 'risk', seq: 5, ts: 't', data: {} });
    last().receive(heartbeat(6));
    expect(last().sent.at(-1)).toEqual({ type: 'subscribe', channels: [{ channel: 'risk', since: 5 }] });
  });

  it('counts a repeated delta as a duplicate and leaves the state alone', () => {
    const { client, last, store } = setup();
    client.start();
    last().open();
    last().receive({ type: 'snapshot', channel: 'risk', seq: 5, ts: 't', data: { a: 1 } });
    last().receive({ type: 'delta', channel: 'risk', seq: 5, ts: 't', upserts: { a: 9 } });
    expect(store.value('risk', 'a')).toBe(1);
    expect(client.stats.duplicates).toBe(1);
  });

  it('turns stale when heartbeats stop, then reconnects and resumes from its seq', () => {
    const { client, last, sockets, timers } = setup();
    client.start();
    last().open();
    last().receive({ type: 'snapshot', channel: 'risk', seq: 5, ts: 't', data: {} });
    timers.advance(5_000);
    last().receive(heartbeat(5));
    expect(client.stats.status).toBe('live');
    timers.advance(13_000);
    expect(client.stats.status).toBe('stale');
    timers.advance(8_000);
    expect(client.stats.status).toBe('offline');
    expect(sockets[0]?.closed).toBe(true);
    timers.advance(1_000); // first retry: between 0.5 and 1 s
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent[0]).toEqual({
      type: 'subscribe',
      channels: [{ channel: 'risk', since: 5 }, { channel: 'alerts' }],
    });
    last().receive(heartbeat(5));
    expect(client.stats.status).toBe('live');
  });

  it('backs off exponentially while the server is down and resets after a frame', () => {
    const { client, last, sockets, timers } = setup();
    client.start();
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = timers.now();
      last().drop();
      const retryAt = client.stats.nextRetryAt ?? 0;
      gaps.push(retryAt - before);
      timers.advance(retryAt - before);
    }
    expect(gaps).toEqual([750, 1500, 3000, 6000]);
    last().open();
    last().receive(heartbeat(0));
    last().drop();
    expect((client.stats.nextRetryAt ?? 0) - timers.now()).toBe(750);
    expect(sockets).toHaveLength(5);
  });

  it('ignores frames from a socket it has given up on', () => {
    const { client, last, store, timers } = setup();
    client.start();
    const old = last();
    old.open();
    timers.advance(21_000);
    old.onmessage?.({
      data: JSON.stringify({ type: 'snapshot', channel: 'risk', seq: 1, ts: 't', data: { a: 1 } }),
    });
    expect(store.values('risk')).toEqual([]);
  });

  it('leaves no timer behind when stopped', () => {
    const { client, last, timers } = setup();
    client.start();
    last().drop();
    expect(timers.pending).toBeGreaterThan(0);
    client.stop();
    expect(timers.pending).toBe(0);
  });

  it('keeps one retry timer however often the socket fails', () => {
    const { client, last, timers } = setup();
    client.start();
    for (let i = 0; i < 50; i++) {
      last().drop();
      timers.advance(40_000);
    }
    expect(timers.pending).toBeLessThanOrEqual(2); // the watchdog and at most one retry
  });
});
