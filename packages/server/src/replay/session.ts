import { isoCstMillis } from '@onegrid/contracts';
import type { Logger } from '@onegrid/logging';
import type { FeedChannel } from '../feed/channels.ts';
import type { Scheduler } from '../feed/scheduler.ts';
import type { Polled } from '../live/poll.ts';
import { type ReplayParams, replayClientMessage } from './params.ts';

/** The part of a WebSocket a session uses (tests hand in their own). */
export interface ReplaySocket {
  readonly bufferedAmount: number;
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface ReplaySessionOptions {
  /** Wall time between frames; scenario time advances `speed` × the wall time that passed. */
  readonly stepMs: number;
  /** Longest a session may stay open, paused or not (a wall left on a replay is closed). */
  readonly maxWallMs: number;
  /** Queued bytes over which a step sends nothing (the client is not reading). */
  readonly maxBufferedBytes: number;
  /** Failed reads in a row after which the session gives up. */
  readonly maxFailures: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplaySessionOptions = {
  stepMs: 1_000,
  maxWallMs: 4 * 3_600_000,
  maxBufferedBytes: 1_048_576,
  maxFailures: 3,
};

export interface ReplaySessionDeps {
  readonly params: ReplayParams;
  /** Every replayed channel as of a time (frames.ts, on ClickHouse). */
  readonly read: (asOfMs: number) => Promise<Polled<FeedChannel>[]>;
  readonly socket: ReplaySocket;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly options?: ReplaySessionOptions;
  /** Called once when the session ends, whatever the reason. */
  readonly onEnd?: () => void;
}

export type ReplayState = 'playing' | 'paused' | 'ended';

/**
 * Plays stored history over one socket: every step reads the channels as of the scenario time
 * and sends a `snapshot` (the feed's frame) for each channel that changed, then a `replay` frame
 * with the scenario time, progress and state (also while paused: it is the screen's heartbeat).
 * One step at a time: the next is scheduled only after a read ends, so a slow store slows the
 * replay instead of queueing reads, and memory is one frame set.
 */
export class ReplaySession {
  readonly #d: ReplaySessionDeps;
  readonly #o: ReplaySessionOptions;
  readonly #sent = new Map<string, string>();
  readonly #seq = new Map<string, number>();
  readonly #startedAt: number;
  #t: number;
  #state: ReplayState = 'playing';
  #lastStepAt: number;
  #failures = 0;
  #cancel: (() => void) | undefined;

  constructor(deps: ReplaySessionDeps) {
    this.#d = deps;
    this.#o = deps.options ?? DEFAULT_REPLAY_OPTIONS;
    this.#t = deps.params.from;
    this.#startedAt = deps.scheduler.now();
    this.#lastStepAt = this.#startedAt;
  }

  get state(): ReplayState {
    return this.#state;
  }

  /** Scenario time of the last step (epoch ms). */
  get scenarioMs(): number {
    return this.#t;
  }

  start(): Promise<void> {
    return this.#step();
  }

  /** A client frame: pause or resume; anything else gets an error frame, the session goes on. */
  receive(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.#send({ type: 'error', code: 'BAD_JSON', message: 'a frame must be one JSON object' });
      return;
    }
    const parsed = replayClientMessage.safeParse(raw);
    if (!parsed.success) {
      this.#send({ type: 'error', code: 'BAD_MESSAGE', message: 'type: expected "pause" or "resume"' });
      return;
    }
    if (this.#state === 'ended') return;
    this.#state = parsed.data.type === 'pause' ? 'paused' : 'playing';
    // Time spent paused does not advance the scenario.
    this.#lastStepAt = this.#d.scheduler.now();
  }

  /** Ends the session (socket closed, server closing); idempotent. */
  stop(): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    this.#cancel?.();
    this.#d.onEnd?.();
  }

  async #step(): Promise<void> {
    if (this.#state === 'ended') return;
    const now = this.#d.scheduler.now();
    if (now - this.#startedAt > this.#o.maxWallMs) {
      this.#end(4000, 'replay time limit reached');
      return;
    }
    if (this.#state === 'playing') {
      const { from, to, speed } = this.#d.params;
      this.#t = Math.min(to, Math.max(from, this.#t + (now - this.#lastStepAt) * speed));
    }
    this.#lastStepAt = now;
    if (this.#state === 'playing' && this.#d.socket.bufferedAmount <= this.#o.maxBufferedBytes) {
      try {
        this.#sendChanged(await this.#d.read(this.#t));
        this.#failures = 0;
      } catch (error) {
        this.#failures += 1;
        this.#d.logger.warn({ err: error, failures: this.#failures }, 'replay read failed');
        this.#send({
          type: 'error',
          code: 'REPLAY_READ_FAILED',
          message: 'the store did not answer; retrying',
        });
        if (this.#failures >= this.#o.maxFailures) {
          this.#end(1011, 'replay read failed');
          return;
        }
      }
    }
    // A close while the read was under way (stop() from the socket's close) ends the session.
    if ((this.#state as ReplayState) === 'ended') return;
    this.#sendProgress();
    if (this.#t >= this.#d.params.to) {
      this.#end(1000, 'replay ended');
      return;
    }
    this.#cancel = this.#d.scheduler.after(this.#o.stepMs, () => {
      this.#step().catch((error: unknown) => {
        this.#d.logger.error({ err: error }, 'replay step failed');
        this.#end(1011, 'replay failed');
      });
    });
  }

  #sendChanged(channels: Polled<FeedChannel>[]): void {
    for (const polled of channels) {
      const data = JSON.stringify(polled.data);
      if (this.#sent.get(polled.channel) === data) continue;
      this.#sent.set(polled.channel, data);
      const seq = (this.#seq.get(polled.channel) ?? 0) + 1;
      this.#seq.set(polled.channel, seq);
      this.#send({
        type: 'snapshot',
        channel: polled.channel,
        seq,
        ts: isoCstMillis(this.#d.scheduler.now()),
        ...(polled.asOf === undefined ? {} : { as_of: polled.asOf }),
        data: polled.data,
      });
    }
  }

  #sendProgress(): void {
    const { from, to, speed } = this.#d.params;
    this.#send({
      type: 'replay',
      state: this.#t >= to ? 'ended' : this.#state,
      scenario_time: isoCstMillis(this.#t),
      from: isoCstMillis(from),
      to: isoCstMillis(to),
      speed,
      progress: (this.#t - from) / (to - from),
    });
  }

  #end(code: number, reason: string): void {
    this.stop();
    this.#d.socket.close(code, reason);
  }

  #send(frame: Record<string, unknown>): void {
    this.#d.socket.send(JSON.stringify(frame));
  }
}
