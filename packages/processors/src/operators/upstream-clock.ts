/**
 * Event-time progress of a re-keyed topic, tracked per source partition it was merged from.
 *
 * An internal topic re-keys messages of several source partitions that need not keep pace with
 * each other: after an outage or in a fast replay one source may run hours ahead of another. A
 * watermark taken from the newest message would then declare the slower sources' messages
 * late. Here the watermark is the slowest source's newest event time minus the allowed
 * out-of-orderness, over every source expected (a source not seen yet holds it at −∞).
 *
 * A source that sends nothing for `idleMs` of processing time (an empty source partition, a
 * silent device class) stops holding the others back, as the runtime does for idle partitions.
 * Processing time is passed in, never read here.
 */
export class UpstreamClock {
  readonly #sources = new Map<string, { latest: number; lastSeenAt: number }>();
  readonly #outOfOrdernessMs: number;
  readonly #idleMs: number;

  constructor(options: {
    expected: readonly string[];
    outOfOrdernessMs: number;
    idleMs: number;
    now: number;
  }) {
    this.#outOfOrdernessMs = options.outOfOrdernessMs;
    this.#idleMs = options.idleMs;
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

  /** The event time every active source has passed; when all are idle, the newest of them. */
  watermark(now: number): number {
    let slowestActive = Number.POSITIVE_INFINITY;
    let newest = Number.NEGATIVE_INFINITY;
    for (const state of this.#sources.values()) {
      newest = Math.max(newest, state.latest);
      if (now - state.lastSeenAt < this.#idleMs) slowestActive = Math.min(slowestActive, state.latest);
    }
    const reached = slowestActive === Number.POSITIVE_INFINITY ? newest : slowestActive;
    return reached - this.#outOfOrdernessMs;
  }
}
