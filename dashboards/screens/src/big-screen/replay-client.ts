import type { FeedSocket, FeedStats, FeedTimers } from '../feed/client.ts';
import { parseServerFrame } from '../feed/protocol.ts';
import type { ChannelStore } from '../feed/store.ts';
import { type ReplayRequest, replayUrl } from './replay-mode.ts';

/** Where the replay is: the server's `replay` frame. */
export interface ReplayProgress {
  state: 'connecting' | 'playing' | 'paused' | 'ended' | 'refused';
  scenarioTime: string | null;
  from: string | null;
  to: string | null;
  speed: number | null;
  progress: number;
  message: string | null;
}

export interface ReplayClientOptions {
  readonly request: ReplayRequest;
  readonly token: string | null;
  readonly location: { protocol: string; host: string };
  readonly channels: readonly string[];
  readonly store: ChannelStore;
  readonly openSocket: (url: string) => FeedSocket;
  readonly timers: FeedTimers;
  /** No frame for this long: the replay is shown stale (the server sends one a second). */
  readonly staleAfterMs?: number;
  readonly reconnectMs?: number;
}

const OPEN = 1;

/**
 * Plays a replay into the same ChannelStore the panels read, and keeps `stats` in the live feed
 * client's shape so the status bar and panel freshness work unchanged. Every `replay` frame
 * confirms all channels (it is the replay's heartbeat: unchanged channels are not resent), and
 * an ended replay stays confirmed (a finished picture, not stale data). A dropped socket
 * reconnects from the last scenario time.
 */
export class ReplayClient {
  readonly stats: FeedStats = {
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
  readonly progress: ReplayProgress = {
    state: 'connecting',
    scenarioTime: null,
    from: null,
    to: null,
    speed: null,
    progress: 0,
    message: null,
  };
  readonly #o: ReplayClientOptions;
  #socket: FeedSocket | undefined;
  #from: string;
  /** Sockets closed in a row without a single replay frame (refused upgrade: bad values, limits). */
  #fruitless = 0;
  #framesOnSocket = 0;

  constructor(options: ReplayClientOptions) {
    this.#o = options;
    this.#from = options.request.from;
  }

  start(): void {
    this.stats.downSince = this.#o.timers.now();
    this.#open();
  }

  pause(): void {
    this.#send({ type: 'pause' });
  }

  resume(): void {
    this.#send({ type: 'resume' });
  }

  /** Called by the render loop: marks the feed stale when frames stop, keeps an ended replay confirmed. */
  tick(now: number): void {
    if (this.progress.state === 'ended') {
      this.#confirmAll(now);
      return;
    }
    const last = this.stats.lastFrameAt;
    if (this.stats.status === 'live' && last !== null && now - last > (this.#o.staleAfterMs ?? 15_000)) {
      this.stats.status = 'stale';
      this.stats.downSince = last;
    }
  }

  #open(): void {
    const socket = this.#o.openSocket(
      replayUrl(this.#o.location, { ...this.#o.request, from: this.#from }, this.#o.token),
    );
    this.#socket = socket;
    this.#framesOnSocket = 0;
    socket.onmessage = (ev) => this.#onMessage(ev.data);
    socket.onclose = () => this.#onClose(socket);
    socket.onerror = () => undefined; // a close follows an error; handled there
  }

  #onMessage(data: unknown): void {
    const now = this.#o.timers.now();
    const text = typeof data === 'string' ? data : '';
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.#invalid('not JSON');
      return;
    }
    if (raw.type === 'replay') {
      this.#onProgress(raw, now);
      return;
    }
    const parsed = parseServerFrame(text);
    if (!parsed.ok) {
      this.#invalid(parsed.reason);
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'snapshot') this.#o.store.applySnapshot(frame, now);
    else if (frame.type === 'error') {
      this.stats.lastError = { code: frame.code, message: frame.message };
      if (frame.code === 'RATE_LIMITED' || frame.code === 'CLICKHOUSE_UNAVAILABLE') {
        this.progress.state = 'refused';
        this.progress.message = frame.message;
      }
    }
  }

  #onProgress(raw: Record<string, unknown>, now: number): void {
    const state = raw.state;
    if (state === 'playing' || state === 'paused' || state === 'ended') this.progress.state = state;
    this.progress.scenarioTime = typeof raw.scenario_time === 'string' ? raw.scenario_time : null;
    this.progress.from = typeof raw.from === 'string' ? raw.from : null;
    this.progress.to = typeof raw.to === 'string' ? raw.to : null;
    this.progress.speed = typeof raw.speed === 'number' ? raw.speed : null;
    this.progress.progress = typeof raw.progress === 'number' ? Math.min(1, Math.max(0, raw.progress)) : 0;
    if (this.progress.scenarioTime !== null) this.#from = this.progress.scenarioTime;
    this.#framesOnSocket += 1;
    if (this.stats.status !== 'live') this.stats.connects += 1;
    this.stats.status = 'live';
    this.stats.lastFrameAt = now;
    this.stats.downSince = null;
    this.#confirmAll(now);
  }

  #confirmAll(now: number): void {
    for (const channel of this.#o.channels) {
      const state = this.#o.store.get(channel);
      if (state !== undefined) this.#o.store.applyHeartbeat(channel, state.seq, state.asOf, now);
    }
  }

  #onClose(socket: FeedSocket): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    if (this.progress.state === 'ended' || this.progress.state === 'refused') return;
    this.#fruitless = this.#framesOnSocket === 0 ? this.#fruitless + 1 : 0;
    if (this.#fruitless >= 3) {
      this.progress.state = 'refused';
      this.progress.message = '服务拒绝了回放（时间范围 ≤ 14 天、倍速、并发数）';
      this.stats.status = 'offline';
      return;
    }
    // A replay that did not start (a 400 on the upgrade) or was cut: retry from where it was.
    this.stats.status = 'offline';
    this.stats.downSince ??= this.#o.timers.now();
    const delay = this.#o.reconnectMs ?? 3_000;
    this.stats.nextRetryAt = this.#o.timers.now() + delay;
    this.#o.timers.setTimeout(() => this.#open(), delay);
  }

  #invalid(reason: string): void {
    this.stats.invalidFrames += 1;
    this.stats.lastInvalid = reason;
  }

  #send(frame: object): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(frame));
  }
}
