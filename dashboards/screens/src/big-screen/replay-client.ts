import { connectingStats, type FeedSocket, type FeedStats, type FeedTimers } from '../feed/client.ts';
import { parseServerFrame } from '../feed/protocol.ts';
import type { ChannelStore } from '../feed/store.ts';
import { progressOf, type ReplayProgress, type ReplayRequest, replayUrl } from './replay-mode.ts';
import { afterFailedStart, refusalText, type UpgradeAnswer } from './replay-refusal.ts';

export interface ReplayClientOptions {
  readonly request: ReplayRequest;
  readonly token: string | null;
  readonly location: { protocol: string; host: string };
  readonly channels: readonly string[];
  readonly store: ChannelStore;
  readonly openSocket: (url: string) => FeedSocket;
  /**
   * Asks the replay URL over plain HTTP why a socket closed before its first frame (a browser
   * never sees a refused upgrade's status); rejects when the server does not answer.
   */
  readonly probe: (url: string) => Promise<UpgradeAnswer>;
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
  readonly stats: FeedStats = connectingStats();
  readonly progress: ReplayProgress = {
    state: 'connecting',
    scenarioTime: null,
    from: null,
    to: null,
    speed: null,
    progress: 0,
    message: null,
    code: null,
  };
  readonly #o: ReplayClientOptions;
  #socket: FeedSocket | undefined;
  #from: string;
  /** Sockets closed in a row without a single replay frame, the server having accepted the values. */
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

  /** Stops for good, saying why (the banner shows the text, `progress.code` the code). */
  refuse(code: string, text: string): void {
    this.progress.state = 'refused';
    this.progress.code = code;
    this.progress.message = text;
    this.stats.status = 'offline';
    this.stats.stopped = text;
    this.stats.nextRetryAt = null;
  }

  #url(kind: 'ws' | 'http'): string {
    return replayUrl(this.#o.location, { ...this.#o.request, from: this.#from }, this.#o.token, kind);
  }

  #open(): void {
    const socket = this.#o.openSocket(this.#url('ws'));
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
      if (frame.code === 'RATE_LIMITED' || frame.code === 'CLICKHOUSE_UNAVAILABLE')
        this.refuse(frame.code, refusalText(frame.code, frame.message));
    }
  }

  #onProgress(raw: Record<string, unknown>, now: number): void {
    // Playing again: a reason shown while retrying no longer holds.
    Object.assign(this.progress, progressOf(raw, this.progress.state), { message: null, code: null });
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
    this.stats.status = 'offline';
    this.stats.downSince ??= this.#o.timers.now();
    // A replay cut after it started: go on from where it was.
    if (this.#framesOnSocket > 0) {
      this.#fruitless = 0;
      this.#retry();
      return;
    }
    // It never started: ask the server why before trying again.
    this.#o.probe(this.#url('http')).then(
      (answer) => this.#notStarted(answer),
      () => this.#notStarted(null),
    );
  }

  #notStarted(answer: UpgradeAnswer | null): void {
    if (this.progress.state === 'refused') return;
    const next = afterFailedStart(answer, this.#fruitless);
    if (next.stop) {
      this.refuse(next.code, next.text);
      return;
    }
    this.#fruitless = next.fruitless;
    this.progress.code = next.code;
    this.progress.message = next.text;
    this.#retry();
  }

  #retry(): void {
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
