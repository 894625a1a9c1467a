import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff.ts';
import { parseServerFrame, type ServerFrame, type SubscribeFrame } from './protocol.ts';
import type { ChannelStore } from './store.ts';

/** The part of a browser WebSocket the client uses (a test hands in its own). */
export interface FeedSocket {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface FeedTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

/**
 * `connecting`: never connected yet; `live`: frames arrive; `stale`: the socket is open but the
 * server has been silent past `staleAfterMs` (no heartbeat); `offline`: no socket, reconnecting.
 */
export type FeedStatus = 'connecting' | 'live' | 'stale' | 'offline';

export interface FeedClientOptions {
  readonly url: string;
  readonly channels: readonly string[];
  readonly store: ChannelStore;
  readonly openSocket: (url: string) => FeedSocket;
  readonly timers: FeedTimers;
  /** Heartbeats come every 5 s: two missed and a margin. */
  readonly staleAfterMs?: number;
  /** Silence after which the socket is presumed dead, closed and reopened. */
  readonly deadAfterMs?: number;
  /** A resubscribe that got no answer within this is sent again. */
  readonly resyncTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
}

export interface FeedStats {
  status: FeedStatus;
  connects: number;
  gaps: number;
  duplicates: number;
  invalidFrames: number;
  lastInvalid: string | null;
  lastError: { code: string; message: string } | null;
  lastFrameAt: number | null;
  /** When the current outage began (wall ms), null while live. */
  downSince: number | null;
  nextRetryAt: number | null;
  /** The source stopped for good (a refused replay): why, shown instead of "reconnecting". */
  stopped?: string;
}

/** The stats of a source that has not connected yet (the live client's and the replay's). */
export function connectingStats(): FeedStats {
  return {
    status: 'connecting',
    connects: 0,
    gaps: 0,
    duplicates: 0,
    invalidFrames: 0,
    lastInvalid: null,
    lastError: null,
    lastFrameAt: null,
    downSince: null,
    nextRetryAt: null,
  };
}

const OPEN = 1;
const WATCHDOG_MS = 1_000;

/**
 * Keeps a ChannelStore in step with the server's feed, for days: subscribes with the last seq
 * of each channel (so a reconnect gets only what it missed), resubscribes on a gap, marks the
 * feed stale when heartbeats stop and reconnects with capped exponential backoff. One socket,
 * one watchdog timer and one retry timer at a time; old sockets are detached on close.
 */
export class FeedClient {
  readonly stats: FeedStats = connectingStats();
  readonly #o: Required<FeedClientOptions>;
  #socket: FeedSocket | null = null;
  #attempt = 0;
  #retryTimer: unknown = null;
  #watchdogTimer: unknown = null;
  #openedAt = 0;
  /** Channels waiting for the answer to a (re)subscribe, with when it was sent. */
  readonly #pending = new Map<string, number>();
  #stopped = true;

  constructor(options: FeedClientOptions) {
    this.#o = {
      staleAfterMs: 12_000,
      deadAfterMs: 20_000,
      resyncTimeoutMs: 10_000,
      backoff: defaultBackoff,
      ...options,
    };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.stats.downSince = this.#o.timers.now();
    this.#connect();
    this.#scheduleWatchdog();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimer('retry');
    this.#clearTimer('watchdog');
    this.#dropSocket();
  }

  #connect(): void {
    this.stats.nextRetryAt = null;
    let socket: FeedSocket;
    try {
      socket = this.#o.openSocket(this.#o.url);
    } catch (e) {
      this.stats.lastError = { code: 'SOCKET_OPEN_FAILED', message: (e as Error).message };
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    this.#openedAt = this.#o.timers.now();
    socket.onopen = () => this.#onOpen(socket);
    socket.onmessage = (ev) => this.#onMessage(socket, ev.data);
    socket.onclose = () => this.#onClose(socket);
    socket.onerror = () => {
      // A close event follows an error; the retry is scheduled there.
    };
  }

  #onOpen(socket: FeedSocket): void {
    if (socket !== this.#socket) return;
    this.stats.connects += 1;
    const now = this.#o.timers.now();
    const channels = this.#o.channels.map((channel) => {
      this.#pending.set(channel, now);
      const since = this.#o.store.seq(channel);
      return since > 0 ? { channel, since } : { channel };
    });
    this.#send({ type: 'subscribe', channels });
  }

  #onMessage(socket: FeedSocket, data: unknown): void {
    if (socket !== this.#socket) return;
    const now = this.#o.timers.now();
    this.stats.lastFrameAt = now;
    const parsed = parseServerFrame(typeof data === 'string' ? data : String(data));
    if (!parsed.ok) {
      this.stats.invalidFrames += 1;
      this.stats.lastInvalid = parsed.reason;
      return;
    }
    this.#markLive();
    this.#apply(parsed.frame, now);
  }

  #apply(frame: ServerFrame, now: number): void {
    const store = this.#o.store;
    switch (frame.type) {
      case 'snapshot':
        if (store.applySnapshot(frame, now) === 'applied') this.#pending.delete(frame.channel);
        return;
      case 'delta': {
        const outcome = store.applyDelta(frame, now);
        if (outcome === 'applied') this.#pending.delete(frame.channel);
        else if (outcome === 'duplicate') this.stats.duplicates += 1;
        else this.#resync(frame.channel, now);
        return;
      }
      case 'heartbeat':
        for (const [channel, info] of Object.entries(frame.channels)) {
          if (!this.#o.channels.includes(channel)) continue;
          if (store.applyHeartbeat(channel, info.seq, info.as_of, now) === 'gap') this.#resync(channel, now);
        }
        return;
      case 'error':
        this.stats.lastError = { code: frame.code, message: frame.message };
        return;
    }
  }

  /** Asks again from our last seq; the server answers with the missed deltas or a snapshot. */
  #resync(channel: string, now: number): void {
    if (this.#pending.has(channel)) return;
    this.stats.gaps += 1;
    this.#pending.set(channel, now);
    const since = this.#o.store.seq(channel);
    this.#send({ type: 'subscribe', channels: [since > 0 ? { channel, since } : { channel }] });
  }

  #markLive(): void {
    this.stats.status = 'live';
    this.stats.downSince = null;
    this.#attempt = 0;
  }

  #onClose(socket: FeedSocket): void {
    if (socket !== this.#socket) return;
    this.#dropSocket();
    if (this.stats.status !== 'connecting') this.stats.status = 'offline';
    this.stats.downSince ??= this.#o.timers.now();
    this.#scheduleRetry();
  }

  #dropSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#pending.clear();
    if (socket === null) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    try {
      socket.close();
    } catch {
      // Closing a socket that never opened throws in some browsers; it is gone either way.
    }
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    this.#clearTimer('retry');
    const delay = backoffDelay(this.#attempt, this.#o.timers.random(), this.#o.backoff);
    this.#attempt += 1;
    this.stats.nextRetryAt = this.#o.timers.now() + delay;
    this.#retryTimer = this.#o.timers.setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
  }

  #scheduleWatchdog(): void {
    this.#watchdogTimer = this.#o.timers.setTimeout(() => {
      this.#watchdogTimer = null;
      if (this.#stopped) return;
      this.#watch();
      this.#scheduleWatchdog();
    }, WATCHDOG_MS);
  }

  #watch(): void {
    const socket = this.#socket;
    if (socket === null) return;
    const now = this.#o.timers.now();
    const heardAt =
      this.stats.lastFrameAt !== null && this.stats.lastFrameAt > this.#openedAt
        ? this.stats.lastFrameAt
        : this.#openedAt;
    const silentMs = now - heardAt;
    if (silentMs > this.#o.deadAfterMs) {
      // A half-open TCP connection may never deliver a close event: give up on it ourselves.
      this.stats.status = this.stats.status === 'connecting' ? 'connecting' : 'offline';
      this.stats.downSince ??= heardAt;
      this.#dropSocket();
      this.#scheduleRetry();
      return;
    }
    if (silentMs > this.#o.staleAfterMs && this.stats.status === 'live') {
      this.stats.status = 'stale';
      this.stats.downSince = heardAt;
    }
    if (socket.readyState !== OPEN) return;
    for (const [channel, sentAt] of this.#pending) {
      if (now - sentAt > this.#o.resyncTimeoutMs) {
        this.#pending.delete(channel);
        this.#resync(channel, now);
      }
    }
  }

  #send(frame: SubscribeFrame): void {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== OPEN) return;
    socket.send(JSON.stringify(frame));
  }

  #clearTimer(which: 'retry' | 'watchdog'): void {
    const handle = which === 'retry' ? this.#retryTimer : this.#watchdogTimer;
    if (handle !== null) this.#o.timers.clearTimeout(handle);
    if (which === 'retry') this.#retryTimer = null;
    else this.#watchdogTimer = null;
  }
}
