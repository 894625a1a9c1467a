import type { Logger } from '@onegrid/logging';
import type { RawData, WebSocket } from 'ws';
import type { FeedErrorCode } from '../errors.ts';
import type { Delta, LiveState } from './live-state.ts';
import type { FeedMetrics } from './metrics.ts';
import { deltaFrame, errorFrame, heartbeatFrame, parseClientMessage, snapshotFrame } from './protocol.ts';
import type { Scheduler } from './scheduler.ts';

export interface FeedOptions {
  readonly heartbeatMs: number;
  /** Over this many queued bytes a client gets no deltas, then one snapshot per channel once it drains. */
  readonly slowBytes: number;
  /** Over this many queued bytes a client is dropped at once. */
  readonly dropBytes: number;
  /** A client that stays over `slowBytes` this long is dropped. */
  readonly stallMs: number;
}

/** Close codes: 4008 is ours for "too slow" (1008 policy violation's private twin). */
export const CLOSE_TOO_SLOW = 4008;
const SWEEP_MS = 100;
const TERMINATE_AFTER_CLOSE_MS = 1_000;

/** What the transport reads from the live state (LiveState implements it). */
export type FeedSource = Pick<LiveState, 'channels' | 'info' | 'snapshot' | 'deltasAfter' | 'onDelta'>;

export interface FeedServerDeps {
  readonly live: FeedSource;
  readonly options: FeedOptions;
  readonly scheduler: Scheduler;
  readonly metrics: FeedMetrics;
  readonly logger: Logger;
}

interface Subscription {
  /** The last seq this client was sent on the channel. */
  seq: number;
  needsSnapshot: boolean;
}

interface Client {
  readonly socket: WebSocket;
  readonly subs: Map<string, Subscription>;
  stalledSince: number | undefined;
  alive: boolean;
}

/**
 * The WebSocket side of the feed: fans each delta out to its channel's subscribers, serialised
 * once. A client's queue is bounded: over `slowBytes` it gets no more deltas (so memory stays
 * bounded and others are not held up, as sends never wait), and a snapshot when it drains; it is
 * dropped if it stays over for `stallMs` or passes `dropBytes`. Pings find dead peers; a JSON
 * heartbeat tells browsers each channel's seq and freshness.
 */
export class FeedServer {
  readonly #clients = new Set<Client>();
  readonly #stalled = new Set<Client>();
  readonly #subscribers = new Map<string, Set<Client>>();
  readonly #deltaFrames = new WeakMap<Delta, Buffer>();
  readonly #snapshots = new Map<string, { seq: number; asOf: string | null; frame: Buffer }>();
  readonly #corked = new Set<{ cork(): void; uncork(): void }>();
  readonly #stopListening: () => void;
  readonly #timers: NodeJS.Timeout[];
  readonly #deps: FeedServerDeps;

  constructor(deps: FeedServerDeps) {
    this.#deps = deps;
    for (const channel of deps.live.channels) this.#subscribers.set(channel, new Set());
    this.#stopListening = deps.live.onDelta((delta) => this.#fanOut(delta));
    this.#timers = [
      setInterval(() => this.#heartbeat(), deps.options.heartbeatMs).unref(),
      setInterval(() => this.#sweep(), SWEEP_MS).unref(),
    ];
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Connections, those withheld deltas for being slow, and the bytes queued to all of them. */
  stats(): { clients: number; stalled: number; bufferedBytes: number } {
    let bufferedBytes = 0;
    for (const client of this.#clients) bufferedBytes += client.socket.bufferedAmount;
    return { clients: this.#clients.size, stalled: this.#stalled.size, bufferedBytes };
  }

  attach(socket: WebSocket): void {
    const client: Client = { socket, subs: new Map(), stalledSince: undefined, alive: true };
    this.#clients.add(client);
    this.#deps.metrics.clients.set(this.#clients.size);
    socket.on('message', (data, isBinary) => this.#onMessage(client, data, isBinary));
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('error', (error) => this.#deps.logger.debug({ err: error }, 'feed socket error'));
    socket.on('close', () => this.#forget(client));
  }

  /** Stops timers and closes every connection (server shutdown). */
  close(): void {
    this.#stopListening();
    for (const timer of this.#timers) clearInterval(timer);
    for (const client of this.#clients) client.socket.close(1001, 'server shutting down');
  }

  #onMessage(client: Client, data: RawData, isBinary: boolean): void {
    client.alive = true;
    if (isBinary) {
      this.#refuse(client, 'BAD_FRAME', 'expected a JSON text frame');
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      this.#refuse(client, parsed.code, parsed.message);
      return;
    }
    const { message } = parsed;
    if (message.type === 'unsubscribe') {
      for (const channel of message.channels) {
        client.subs.delete(channel);
        this.#subscribers.get(channel)?.delete(client);
      }
      return;
    }
    for (const { channel, since } of message.channels) {
      const sub: Subscription = { seq: -1, needsSnapshot: true };
      client.subs.set(channel, sub);
      this.#subscribers.get(channel)?.add(client);
      if (client.stalledSince !== undefined) continue; // it gets a snapshot when it drains
      const missed = since === undefined ? undefined : this.#deps.live.deltasAfter(channel, since);
      if (missed === undefined) {
        this.#sendSnapshot(client, channel, sub);
        continue;
      }
      sub.needsSnapshot = false;
      sub.seq = since ?? -1;
      for (const delta of missed) this.#deliver(client, delta, this.#deltaFrame(delta));
    }
  }

  #fanOut(delta: Delta): void {
    const subscribers = this.#subscribers.get(delta.channel);
    if (subscribers === undefined || subscribers.size === 0) return;
    const started = performance.now();
    const frame = this.#deltaFrame(delta);
    let sent = 0;
    for (const client of subscribers) if (this.#deliver(client, delta, frame, true)) sent++;
    const { metrics } = this.#deps;
    metrics.framesSent.inc({ type: 'delta' }, sent);
    metrics.bytesSent.inc(sent * frame.length);
    metrics.fanoutSeconds.observe((performance.now() - started) / 1000);
  }

  /** Sends one delta if the client is in step and not over its bound; true when sent. */
  #deliver(client: Client, delta: Delta, frame: Buffer, counted = false): boolean {
    const sub = client.subs.get(delta.channel);
    if (sub === undefined || sub.needsSnapshot || client.stalledSince !== undefined) return false;
    if (client.socket.bufferedAmount > this.#deps.options.slowBytes) {
      this.#stall(client);
      return false;
    }
    if (sub.seq !== delta.seq - 1) {
      this.#sendSnapshot(client, delta.channel, sub); // never expected: seqs reach a client in order
      return false;
    }
    this.#cork(client);
    this.#send(client, frame, counted ? undefined : 'delta');
    sub.seq = delta.seq;
    return true;
  }

  /**
   * Channels flushed in the same timer phase reach a client in one write: its TCP socket is
   * corked until the next turn of the event loop (ws exposes no cork of its own).
   */
  #cork(client: Client): void {
    const raw = (client.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (raw === undefined || this.#corked.has(raw)) return;
    raw.cork();
    this.#corked.add(raw);
    if (this.#corked.size === 1) {
      setImmediate(() => {
        for (const socket of this.#corked) socket.uncork();
        this.#corked.clear();
      });
    }
  }

  #sendSnapshot(client: Client, channel: string, sub: Subscription): void {
    const { live } = this.#deps;
    const info = live.info(channel);
    let cached = this.#snapshots.get(channel);
    if (cached === undefined || cached.seq !== info.seq || cached.asOf !== info.asOf) {
      cached = { ...info, frame: ownBuffer(snapshotFrame(live.snapshot(channel))) };
      this.#snapshots.set(channel, cached);
    }
    this.#send(client, cached.frame, 'snapshot');
    sub.seq = cached.seq;
    sub.needsSnapshot = false;
  }

  /** Sends a frame; `type` counts it in the metrics (fan-out counts its deltas in bulk instead). */
  #send(client: Client, frame: Buffer, type: string | undefined): void {
    client.socket.send(frame, { binary: false });
    if (type !== undefined) {
      this.#deps.metrics.framesSent.inc({ type });
      this.#deps.metrics.bytesSent.inc(frame.length);
    }
    if (client.socket.bufferedAmount > this.#deps.options.dropBytes) {
      this.#drop(client, `send buffer over ${this.#deps.options.dropBytes} bytes`);
    }
  }

  #refuse(client: Client, code: FeedErrorCode, message: string): void {
    this.#deps.metrics.clientErrors.inc({ code });
    if (client.stalledSince === undefined)
      this.#send(client, Buffer.from(errorFrame(code, message)), 'error');
  }

  #stall(client: Client): void {
    client.stalledSince = this.#deps.scheduler.now();
    for (const sub of client.subs.values()) sub.needsSnapshot = true;
    this.#stalled.add(client);
    this.#deps.metrics.slowClients.inc({ action: 'paused' });
  }

  /** Stalled clients: resynchronise those that drained, drop those stalled too long or too full. */
  #sweep(): void {
    const { options, scheduler, metrics } = this.#deps;
    const now = scheduler.now();
    for (const client of this.#stalled) {
      const buffered = client.socket.bufferedAmount;
      if (buffered <= options.slowBytes / 2) {
        this.#stalled.delete(client);
        client.stalledSince = undefined;
        metrics.slowClients.inc({ action: 'resynced' });
        for (const [channel, sub] of client.subs)
          if (sub.needsSnapshot) this.#sendSnapshot(client, channel, sub);
      } else if (now - (client.stalledSince ?? now) > options.stallMs) {
        this.#drop(client, `send buffer over ${options.slowBytes} bytes for ${options.stallMs} ms`);
      }
    }
  }

  #drop(client: Client, reason: string): void {
    this.#deps.metrics.slowClients.inc({ action: 'dropped' });
    this.#deps.logger.warn({ reason }, 'dropping slow feed client');
    this.#forget(client);
    client.socket.close(CLOSE_TOO_SLOW, `too slow: ${reason}`);
    // A peer that does not read will not finish the close handshake either.
    setTimeout(() => client.socket.terminate(), TERMINATE_AFTER_CLOSE_MS).unref();
  }

  #forget(client: Client): void {
    if (!this.#clients.delete(client)) return;
    this.#stalled.delete(client);
    for (const channel of client.subs.keys()) this.#subscribers.get(channel)?.delete(client);
    this.#deps.metrics.clients.set(this.#clients.size);
  }

  #heartbeat(): void {
    const { live, scheduler, metrics } = this.#deps;
    const now = scheduler.now();
    for (const client of this.#clients) {
      if (!client.alive) {
        metrics.deadClients.inc();
        this.#forget(client);
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
      if (client.stalledSince !== undefined) continue;
      const channels: Record<string, { seq: number; asOf: string | null }> = {};
      for (const channel of client.subs.keys()) channels[channel] = live.info(channel);
      this.#send(client, Buffer.from(heartbeatFrame(now, channels)), 'heartbeat');
    }
  }

  #deltaFrame(delta: Delta): Buffer {
    let frame = this.#deltaFrames.get(delta);
    if (frame === undefined) {
      frame = ownBuffer(deltaFrame(delta));
      this.#deltaFrames.set(delta, frame);
    }
    return frame;
  }
}

/**
 * A frame kept for as long as its delta is in the resume ring gets its own memory: a small
 * `Buffer.from` slices Node's shared 8 KiB pool, and one kept slice pins the whole slab
 * (measured: ~8 KiB per held delta instead of its size).
 */
function ownBuffer(text: string): Buffer {
  const buffer = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  buffer.write(text);
  return buffer;
}
