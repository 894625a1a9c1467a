// A screen's view of the WebSocket feed, kept the way the protocol says (packages/server README):
// a snapshot, then deltas applied only in seq order; a gap or a lost connection resubscribes
// with `since`. What it holds at the end is what the screens were sent.
import { Worker } from 'node:worker_threads';
import type { FromSocket, ToSocket } from './feed-socket-worker.ts';

export interface ChannelReplica {
  seq: number;
  asOf: string | null;
  readonly data: Map<string, unknown>;
}

export interface FeedStats {
  snapshots: number;
  deltas: number;
  /** Deltas whose seq was not the last + 1 (then resubscribed with `since`). */
  gaps: number;
  reconnects: number;
  /** Bytes of frames received: the feed's volume per client. */
  bytes: number;
  /** Close codes the server sent, e.g. 4008 for a client too slow. */
  closes: { code: number; reason: string; at: number }[];
}

/**
 * Called for each applied delta with each upserted key's previous value (undefined if new), and
 * the channel's `as_of` (the event time of its newest data) before and after the delta.
 */
export type DeltaListener = (
  channel: string,
  changes: { key: string; value: unknown; previous: unknown }[],
  receivedAt: number,
  asOf: { before: string | null; after: string | null },
  /** The server's clock when it formed the delta (the frame's `ts`): splits the server from the socket. */
  sentAt: number,
) => void;

interface Frame {
  type: string;
  channel?: string;
  seq?: number;
  ts?: string;
  as_of?: string | null;
  data?: Record<string, unknown>;
  upserts?: Record<string, unknown>;
  removes?: string[];
}

export class FeedReplica {
  readonly channels = new Map<string, ChannelReplica>();
  readonly stats: FeedStats = { snapshots: 0, deltas: 0, gaps: 0, reconnects: 0, bytes: 0, closes: [] };
  readonly #url: string;
  readonly #names: readonly string[];
  readonly #onDelta: DeltaListener | undefined;
  /** The connection's thread (feed-socket-worker.ts): frames are stamped there as they arrive. */
  #socket: Worker | undefined;
  #closing = false;

  constructor(url: string, channels: readonly string[], onDelta?: DeltaListener) {
    this.#url = url;
    this.#names = channels;
    this.#onDelta = onDelta;
  }

  /** Connects and resolves once every channel has had its snapshot. */
  async open(deadlineMs = 30_000): Promise<void> {
    this.#connect();
    const deadline = Date.now() + deadlineMs;
    while (this.#names.some((c) => !this.channels.has(c))) {
      if (Date.now() > deadline)
        throw new Error(`feed: no snapshot of every channel within ${deadlineMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops reading the socket, as a frozen screen would: the server's queue for it grows. */
  stall(): void {
    this.#post({ kind: 'pause' });
  }

  close(): void {
    this.#closing = true;
    this.#post({ kind: 'terminate' });
    void this.#socket?.terminate();
  }

  #post(message: ToSocket): void {
    this.#socket?.postMessage(message);
  }

  /** The replica as plain data: `{ channel: { seq, as_of, data } }`. */
  toJSON(): Record<string, { seq: number; as_of: string | null; data: Record<string, unknown> }> {
    return Object.fromEntries(
      [...this.channels].map(([name, c]) => [
        name,
        { seq: c.seq, as_of: c.asOf, data: Object.fromEntries(c.data) },
      ]),
    );
  }

  #connect(): void {
    const socket = new Worker(new URL('./feed-socket-worker.ts', import.meta.url), {
      workerData: { url: this.#url },
    });
    this.#socket = socket;
    socket.on('message', (event: FromSocket) => {
      if (event.kind === 'open') {
        this.#post({
          kind: 'send',
          text: JSON.stringify({
            type: 'subscribe',
            channels: this.#names.map((channel) => {
              const known = this.channels.get(channel);
              return known === undefined ? { channel } : { channel, since: known.seq };
            }),
          }),
        });
      } else if (event.kind === 'message') {
        this.stats.bytes += Buffer.byteLength(event.text);
        this.#onFrame(JSON.parse(event.text) as Frame, event.at);
      } else {
        this.stats.closes.push({ code: event.code, reason: event.reason, at: event.at });
        void socket.terminate();
        if (this.#closing) return;
        this.stats.reconnects++;
        setTimeout(() => {
          if (!this.#closing) this.#connect();
        }, 1_000);
      }
    });
  }

  #onFrame(frame: Frame, receivedAt: number): void {
    if (frame.channel === undefined || frame.seq === undefined) return;
    if (frame.type === 'snapshot') {
      this.stats.snapshots++;
      this.channels.set(frame.channel, {
        seq: frame.seq,
        asOf: frame.as_of ?? null,
        data: new Map(Object.entries(frame.data ?? {})),
      });
      return;
    }
    if (frame.type !== 'delta') return;
    const replica = this.channels.get(frame.channel);
    if (replica === undefined) return;
    if (frame.seq <= replica.seq) return; // already applied (a resume may resend)
    if (frame.seq !== replica.seq + 1) {
      this.stats.gaps++;
      this.#post({
        kind: 'send',
        text: JSON.stringify({
          type: 'subscribe',
          channels: [{ channel: frame.channel, since: replica.seq }],
        }),
      });
      return;
    }
    this.stats.deltas++;
    const changes: { key: string; value: unknown; previous: unknown }[] = [];
    for (const [key, value] of Object.entries(frame.upserts ?? {})) {
      changes.push({ key, value, previous: replica.data.get(key) });
      replica.data.set(key, value);
    }
    for (const key of frame.removes ?? []) replica.data.delete(key);
    replica.seq = frame.seq;
    const before = replica.asOf;
    replica.asOf = frame.as_of ?? replica.asOf;
    if (changes.length > 0)
      this.#onDelta?.(
        frame.channel,
        changes,
        receivedAt,
        { before, after: replica.asOf },
        frame.ts === undefined ? Number.NaN : Date.parse(frame.ts),
      );
  }
}
