import type { DeltaFrame, SnapshotFrame } from './protocol.ts';

/** What applying a frame did: changed the state, was already applied, or found a missed seq. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'gap';

export interface ChannelState {
  /** Last seq applied; 0 before the first snapshot. */
  readonly seq: number;
  readonly entries: ReadonlyMap<string, unknown>;
  /** Bumped on every change, so a renderer redraws only what changed. */
  readonly version: number;
  /** Newest data time the server reported for the channel (heartbeat `as_of`). */
  readonly asOf: string | null;
  /** Wall-clock ms when the server last confirmed the channel current (a frame or a heartbeat). */
  readonly confirmedAt: number | null;
}

interface MutableChannel {
  seq: number;
  entries: Map<string, unknown>;
  version: number;
  asOf: string | null;
  confirmedAt: number | null;
}

/**
 * The screens' copy of the server's channels, kept apart from rendering. Frames are applied
 * strictly in seq order: a delta at or below the current seq is a duplicate and ignored; one
 * past the next seq is a gap, left unapplied, and the caller resubscribes. A snapshot always
 * replaces the channel.
 */
export class ChannelStore {
  readonly #channels = new Map<string, MutableChannel>();
  #version = 0;

  /** Bumped on any change in any channel. */
  get version(): number {
    return this.#version;
  }

  get(channel: string): ChannelState | undefined {
    return this.#channels.get(channel);
  }

  seq(channel: string): number {
    return this.#channels.get(channel)?.seq ?? 0;
  }

  values<T>(channel: string): T[] {
    const entries = this.#channels.get(channel)?.entries;
    return entries === undefined ? [] : ([...entries.values()] as T[]);
  }

  value<T>(channel: string, key: string): T | undefined {
    return this.#channels.get(channel)?.entries.get(key) as T | undefined;
  }

  applySnapshot(frame: SnapshotFrame, now: number): ApplyOutcome {
    const ch = this.#channel(frame.channel);
    // The server is the authority, even at a lower seq: a restarted server counts from 1 again.
    ch.seq = frame.seq;
    if (frame.as_of !== undefined) ch.asOf = frame.as_of;
    ch.entries = new Map(Object.entries(frame.data));
    ch.confirmedAt = now;
    this.#touch(ch);
    return 'applied';
  }

  applyDelta(frame: DeltaFrame, now: number): ApplyOutcome {
    const ch = this.#channel(frame.channel);
    if (frame.seq <= ch.seq) return 'duplicate';
    if (ch.seq === 0 || frame.seq !== ch.seq + 1) return 'gap';
    ch.seq = frame.seq;
    for (const [key, value] of Object.entries(frame.upserts)) ch.entries.set(key, value);
    for (const key of frame.removes) ch.entries.delete(key);
    if (frame.as_of !== undefined) ch.asOf = frame.as_of;
    ch.confirmedAt = now;
    this.#touch(ch);
    return 'applied';
  }

  /**
   * Records a heartbeat's view of a channel. Returns 'gap' when the server is past our seq
   * (we missed deltas), else 'applied'.
   */
  applyHeartbeat(channel: string, seq: number, asOf: string | null, now: number): ApplyOutcome {
    const ch = this.#channel(channel);
    if (asOf !== ch.asOf) {
      ch.asOf = asOf;
      this.#touch(ch);
    }
    if (seq > ch.seq) return 'gap';
    ch.confirmedAt = now;
    return 'applied';
  }

  #channel(name: string): MutableChannel {
    let ch = this.#channels.get(name);
    if (ch === undefined) {
      ch = { seq: 0, entries: new Map(), version: 0, asOf: null, confirmedAt: null };
      this.#channels.set(name, ch);
    }
    return ch;
  }

  #touch(ch: MutableChannel): void {
    ch.version += 1;
    this.#version += 1;
  }
}
