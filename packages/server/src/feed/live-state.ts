import type { ChannelValue, FeedChannel } from './channels.ts';
import { DeltaRing } from './delta-ring.ts';
import type { Scheduler } from './scheduler.ts';

/** A change to some keys of a channel, as a publisher states it. */
export interface ChannelChange<V> {
  readonly upserts?: Readonly<Record<string, V>>;
  readonly removes?: readonly string[];
  /** ISO time of the newest data behind this change (event time), shown as freshness. */
  readonly asOf?: string;
}

/** A coalesced change as clients receive it, numbered per channel from 1. */
export interface Delta {
  readonly channel: string;
  readonly seq: number;
  /** Server time (epoch ms) when the delta was formed. */
  readonly ts: number;
  readonly asOf: string | null;
  readonly upserts: Readonly<Record<string, unknown>>;
  readonly removes: readonly string[];
}

export interface Snapshot {
  readonly channel: string;
  readonly seq: number;
  readonly ts: number;
  readonly asOf: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface LiveStateOptions<C extends string> {
  readonly channels: readonly C[];
  readonly scheduler: Scheduler;
  /** At most one delta per channel per interval (default 250 ms: ≤ 4 per second). */
  readonly flushIntervalMs?: number;
  /** Deltas held per channel for clients that resume (default 1,200: 5 minutes at 4 per second). */
  readonly historySize?: number;
  /** And at most this many bytes of them per channel (default 8 MiB): large deltas are kept fewer. */
  readonly historyBytes?: number;
  /**
   * The seq every channel starts from (default 0). The main job uses its start time in ms, so
   * seqs of different server runs never overlap: a screen resuming with a seq from before a
   * restart gets a fresh snapshot, never the new run's deltas on top of the old run's state.
   */
  readonly firstSeq?: number;
}

export type ChannelValueMap = { [C in FeedChannel]: ChannelValue<C> };

interface Stored {
  readonly value: unknown;
  /** Its JSON, so a publisher that repeats a value produces no delta. */
  readonly json: string;
}

interface ChannelState {
  readonly name: string;
  readonly values: Map<string, Stored>;
  readonly ring: DeltaRing<Delta>;
  seq: number;
  asOf: string | null;
  /** Pending change since the last flush: key → value, or `REMOVED`. */
  readonly pending: Map<string, unknown>;
  pendingAsOf: string | null;
  lastFlushAt: number;
  cancelFlush: (() => void) | undefined;
}

const REMOVED = Symbol('removed');

/**
 * The live state behind the feed: per channel a map of keyed values, a sequence number shared by
 * all clients, and a ring of recent deltas for clients that resume. Publishers' changes are
 * coalesced by key: a change published after a quiet interval goes out at once, later ones wait
 * for the interval to end, so a channel emits at most one delta per `flushIntervalMs`.
 * Knows no sockets; the transport listens with `onDelta`.
 */
export class LiveState<M extends { [K in keyof M]: unknown } = ChannelValueMap> {
  readonly #channels = new Map<string, ChannelState>();
  readonly #listeners = new Set<(delta: Delta) => void>();
  readonly #scheduler: Scheduler;
  readonly #intervalMs: number;
  #closed = false;

  constructor(options: LiveStateOptions<keyof M & string>) {
    this.#scheduler = options.scheduler;
    this.#intervalMs = options.flushIntervalMs ?? 250;
    const historySize = options.historySize ?? 1_200;
    const historyBytes = options.historyBytes ?? 8 * 1024 * 1024;
    for (const name of options.channels) {
      this.#channels.set(name, {
        name,
        values: new Map(),
        ring: new DeltaRing(historySize, historyBytes, options.firstSeq ?? 0),
        seq: options.firstSeq ?? 0,
        asOf: null,
        pending: new Map(),
        pendingAsOf: null,
        lastFlushAt: Number.NEGATIVE_INFINITY,
        cancelFlush: undefined,
      });
    }
  }

  get channels(): string[] {
    return [...this.#channels.keys()];
  }

  /** Records a change; it reaches clients within one flush interval, merged with others by key. */
  publish<C extends keyof M & string>(channel: C, change: ChannelChange<M[C]>): void {
    const state = this.#channel(channel);
    for (const key of change.removes ?? []) state.pending.set(key, REMOVED);
    for (const [key, value] of Object.entries(change.upserts ?? {})) state.pending.set(key, value);
    if (change.asOf !== undefined && isNewer(change.asOf, state.pendingAsOf ?? state.asOf)) {
      state.pendingAsOf = change.asOf;
    }
    this.#schedule(state);
  }

  /** Makes `data` the channel's whole content: keys it lacks are removed (for pollers). */
  replace<C extends keyof M & string>(channel: C, data: Readonly<Record<string, M[C]>>, asOf?: string): void {
    const state = this.#channel(channel);
    const removes = [...state.values.keys()].filter((key) => !Object.hasOwn(data, key));
    for (const key of state.pending.keys()) if (!Object.hasOwn(data, key)) removes.push(key);
    this.publish(channel, asOf === undefined ? { upserts: data, removes } : { upserts: data, removes, asOf });
  }

  snapshot(channel: string): Snapshot {
    const state = this.#channel(channel);
    const data: Record<string, unknown> = {};
    for (const [key, stored] of state.values) data[key] = stored.value;
    return { channel, seq: state.seq, ts: this.#scheduler.now(), asOf: state.asOf, data };
  }

  /** The deltas after `seq` (`[]` if none), or `undefined` when a snapshot is needed instead. */
  deltasAfter(channel: string, seq: number): Delta[] | undefined {
    return this.#channel(channel).ring.after(seq);
  }

  info(channel: string): { seq: number; asOf: string | null } {
    const state = this.#channel(channel);
    return { seq: state.seq, asOf: state.asOf };
  }

  has(channel: string): boolean {
    return this.#channels.has(channel);
  }

  onDelta(listener: (delta: Delta) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Flushes every pending change now (shutdown, tests). */
  flushAll(): void {
    for (const state of this.#channels.values()) this.#flush(state);
  }

  /** Cancels pending flushes; later publishes are ignored. */
  close(): void {
    this.#closed = true;
    for (const state of this.#channels.values()) state.cancelFlush?.();
  }

  #channel(name: string): ChannelState {
    const state = this.#channels.get(name);
    if (state === undefined)
      throw new RangeError(`unknown channel "${name}"; channels are ${this.channels.join(', ')}`);
    return state;
  }

  #schedule(state: ChannelState): void {
    if (this.#closed || state.cancelFlush !== undefined) return;
    const wait = Math.max(0, state.lastFlushAt + this.#intervalMs - this.#scheduler.now());
    // Even with no wait, a timer lets changes published in the same tick share one delta.
    state.cancelFlush = this.#scheduler.after(wait, () => {
      state.cancelFlush = undefined;
      this.#flush(state);
    });
  }

  #flush(state: ChannelState): void {
    state.cancelFlush?.();
    state.cancelFlush = undefined;
    const now = this.#scheduler.now();
    const upserts: Record<string, unknown> = {};
    const removes: string[] = [];
    let bytes = 0;
    for (const [key, value] of state.pending) {
      if (value === REMOVED) {
        if (state.values.delete(key)) removes.push(key);
        bytes += key.length;
        continue;
      }
      const json = JSON.stringify(value);
      if (state.values.get(key)?.json === json) continue;
      state.values.set(key, { value, json });
      upserts[key] = value;
      bytes += key.length + json.length;
    }
    state.pending.clear();
    if (state.pendingAsOf !== null) state.asOf = state.pendingAsOf;
    state.pendingAsOf = null;
    if (removes.length === 0 && Object.keys(upserts).length === 0) return;
    state.lastFlushAt = now;
    state.seq += 1;
    const delta: Delta = { channel: state.name, seq: state.seq, ts: now, asOf: state.asOf, upserts, removes };
    state.ring.push(delta.seq, delta, bytes);
    for (const listener of this.#listeners) listener(delta);
  }
}

function isNewer(candidate: string, current: string | null): boolean {
  if (current === null) return true;
  const a = Date.parse(candidate);
  const b = Date.parse(current);
  return Number.isNaN(b) || (!Number.isNaN(a) && a > b);
}
