import { createLogger } from '@onegrid/logging';
import { describe, expect, it } from 'vitest';
import type { FeedChannel } from '../feed/channels.ts';
import { ManualScheduler } from '../feed/manual-scheduler.ts';
import type { Polled } from '../live/poll.ts';
import { ReplaySession, type ReplaySocket } from './session.ts';

// The session's stepping, pause and bounds with a hand-moved clock. `read` here reports the
// time it was asked for; the reads themselves are proven on chDB in frames.e2e.test.ts.

const FROM = Date.parse('2026-09-13T18:00:00Z');
const HOUR = 3_600_000;

class RecordingSocket implements ReplaySocket {
  bufferedAmount = 0;
  readonly frames: Record<string, unknown>[] = [];
  closed: { code: number; reason: string } | undefined;
  send(text: string) {
    this.frames.push(JSON.parse(text) as Record<string, unknown>);
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  ofType(type: string) {
    return this.frames.filter((f) => f.type === type);
  }
}

function setup(speed = 3600, to = FROM + 3 * HOUR) {
  const scheduler = new ManualScheduler(Date.parse('2026-12-06T05:00:00Z'));
  const socket = new RecordingSocket();
  const asked: number[] = [];
  let ended = 0;
  const read = async (ms: number): Promise<Polled<FeedChannel>[]> => {
    asked.push(ms);
    // The risk channel changes every scenario hour; tickets never do.
    return [
      { channel: 'risk', data: { hour: Math.floor(ms / HOUR) } as never, asOf: new Date(ms).toISOString() },
      { channel: 'tickets', data: {}, asOf: undefined },
    ];
  };
  const session = new ReplaySession({
    params: { from: FROM, to, speed },
    read,
    socket,
    scheduler,
    logger: createLogger('test', 'silent'),
    onEnd: () => {
      ended += 1;
    },
  });
  return { session, socket, scheduler, asked, ended: () => ended };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function step(scheduler: ManualScheduler, ms = 1_000) {
  scheduler.advance(ms);
  await settle();
}

describe('replay > session', () => {
  it('reads as of from, then moves speed× the wall time, sending only changed channels', async () => {
    const { session, socket, scheduler, asked } = setup();
    await session.start();
    await step(scheduler);
    await step(scheduler);
    expect(asked).toEqual([FROM, FROM + HOUR, FROM + 2 * HOUR]);
    expect(socket.ofType('snapshot').map((f) => f.channel)).toEqual(['risk', 'tickets', 'risk', 'risk']);
    const progress = socket.ofType('replay').at(-1);
    expect(progress).toMatchObject({
      state: 'playing',
      scenario_time: '2026-09-14T04:00:00.000+08:00',
      speed: 3600,
    });
    expect(progress?.progress).toBeCloseTo(2 / 3);
  });

  it('pauses (heartbeats, no reads, no scenario time) and resumes', async () => {
    const { session, socket, scheduler, asked } = setup();
    await session.start();
    session.receive('{"type":"pause"}');
    await step(scheduler, 5_000);
    expect(asked).toHaveLength(1);
    expect(socket.ofType('replay').at(-1)).toMatchObject({ state: 'paused', progress: 0 });
    session.receive('{"type":"resume"}');
    await step(scheduler);
    expect(asked).toEqual([FROM, FROM + HOUR]);
  });

  it('ends at `to` with a last frame, closes 1000 and frees its slot once', async () => {
    const { session, socket, scheduler, ended } = setup(3600, FROM + HOUR + 1);
    await session.start();
    await step(scheduler);
    await step(scheduler);
    expect(socket.ofType('replay').at(-1)).toMatchObject({ state: 'ended', progress: 1 });
    expect(socket.closed).toEqual({ code: 1000, reason: 'replay ended' });
    session.stop();
    expect(ended()).toBe(1);
  });

  it('answers a bad client frame with an error and goes on', async () => {
    const { session, socket } = setup();
    await session.start();
    session.receive('not json');
    session.receive('{"type":"seek","to":"2026"}');
    expect(socket.ofType('error').map((f) => f.code)).toEqual(['BAD_JSON', 'BAD_MESSAGE']);
    expect(session.state).toBe('playing');
  });

  it('sends nothing to a client that does not read, and closes after the wall-time limit', async () => {
    const { session, socket, scheduler, asked } = setup(1, FROM + 14 * 24 * HOUR);
    await session.start();
    socket.bufferedAmount = 10_000_000;
    await step(scheduler);
    expect(asked).toHaveLength(1);
    socket.bufferedAmount = 0;
    await step(scheduler, 4 * HOUR); // the step due at +1 s runs, the next is due 1 s later
    expect(socket.closed).toBeUndefined();
    await step(scheduler);
    expect(socket.closed).toEqual({ code: 4000, reason: 'replay time limit reached' });
  });
});
