/**
 * Event-time progress of a re-keyed topic, tracked per source partition it was merged from.
 *
 * An internal topic re-keys messages of several source partitions that need not keep pace with
 * each other: after an outage or in a fast replay one source may run hours ahead of another. A
 * watermark taken from the newest message would then declare the slower sources' messages
 * late. Here the watermark is the slowest active source's newest event time minus the allowed
 * out-of-orderness, over every source expected (a source not seen yet holds it at −∞).
 *
 * A source stops holding the others back (it is idle, as Flink's `withIdleness`) when:
 * - it sends nothing for `idleMs` of processing time (an empty source partition, a silent
 *   device class): the live case;
 * - with `maxLagMs`, its newest event time trails the newest source's by more than that: a feed
 *   that is silent in event time while the others move. In a replay or a backlog the whole
 *   silence is read in seconds, so processing time alone never notices it, and one dead feed
 *   would hold every output of the others back for as long as it was down.
 * An idle source rejoins when it speaks again (or catches up); the watermark never moves back,
 * so what it sends from behind the watermark is late, as in Flink.
 * Processing time is passed in, never read here.
 */
export class UpstreamClock {
  readonly #sources = new Map<string, { latest: number; lastSeenAt: number }>();
  readonly #outOfOrdernessMs: number;
  readonly #idleMs: number;
  readonly #maxLagMs: number;
  #reached = Number.NEGATIVE_INFINITY;

  constructor(options: {
    expected: readonly string[];
    outOfOrdernessMs: number;
    idleMs: number;
    /** Event-time lag behind the newest source after which a source counts as idle (default: never). */
    maxLagMs?: number;
    now: number;
  }) {
    this.#outOfOrdernessMs = options.outOfOrdernessMs;
    this.#idleMs = options.idleMs;
    this.#maxLagMs = options.maxLagMs ?? Number.POSITIVE_INFINITY;
    for (const source of options.expected) {
      this.#sources.set(source, { latest: Number.NEGATIVE_INFINITY, lastSeenAt: options.now });
    }
  }

  observe(source: string, eventTime: number, now: number): void {
    const state = this.#sources.get(source);
    if (state === undefined) {
      this.#sources.set(source, { latest: eventTime, lastSeenAt: now });
      return;
    }
    state.lastSeenAt = now;
    if (eventTime > state.latest) state.latest = eventTime;
  }

  /** The event time every active source has passed; when all are idle, the newest of them. Never moves back. */
  watermark(now: number): number {
    let newest = Number.NEGATIVE_INFINITY;
    for (const state of this.#sources.values()) newest = Math.max(newest, state.latest);
    let slowestActive = Number.POSITIVE_INFINITY;
    for (const state of this.#sources.values()) {
      if (this.#active(state, now, newest)) slowestActive = Math.min(slowestActive, state.latest);
    }
    const reached = slowestActive === Number.POSITIVE_INFINITY ? newest : slowestActive;
    this.#reached = Math.max(this.#reached, reached - this.#outOfOrdernessMs);
    return this.#reached;
  }

  /**
   * How far one source has got on its own: its newest event time minus the out-of-orderness
   * (−∞ if never heard from), and for how long (processing time) it has sent nothing. A judgement
   * about the keys one source carries (a meter's silence) uses this, not the watermark: the
   * watermark passes a source released as idle, whose messages may still be on the way.
   */
  progress(source: string, now: number): { reached: number; silentMs: number } {
    const state = this.#sources.get(source);
    if (state === undefined) return { reached: Number.NEGATIVE_INFINITY, silentMs: 0 };
    return { reached: state.latest - this.#outOfOrdernessMs, silentMs: now - state.lastSeenAt };
  }

  /** The newest event time of any source (−∞ before the first). */
  newest(): number {
    let newest = Number.NEGATIVE_INFINITY;
    for (const state of this.#sources.values()) newest = Math.max(newest, state.latest);
    return newest;
  }

  /** Sources holding the watermark now (the others are idle). */
  activeSources(now: number): string[] {
    let newest = Number.NEGATIVE_INFINITY;
    for (const state of this.#sources.values()) newest = Math.max(newest, state.latest);
    return [...this.#sources].filter(([, s]) => this.#active(s, now, newest)).map(([name]) => name);
  }

  #active(state: { latest: number; lastSeenAt: number }, now: number, newest: number): boolean {
    if (now - state.lastSeenAt >= this.#idleMs) return false;
    // A source never heard from is only idle by processing time: at start every source is at −∞.
    return !Number.isFinite(state.latest) || newest - state.latest <= this.#maxLagMs;
  }
}
