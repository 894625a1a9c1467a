import { StreamError } from '../errors.ts';
/**
 * Event-time progress of the partitions a process owns.
 *
 * A partition's own watermark is the highest event time it has carried minus the allowed
 * out-of-orderness: the stream promises nothing older will come on time. Windows keyed by
 * the Kafka key live in one partition, so each partition's windows close on that partition's
 * watermark (as Kafka Streams' stream time does).
 *
 * A partition that carries nothing for `idleTimeoutMs` of processing time would hold its
 * windows open forever; while idle, its watermark follows the slowest active partition of
 * the process instead (never moving back). Processing time is passed in, never read here.
 */
export class Watermarks {
  readonly #outOfOrdernessMs: number;
  readonly #idleTimeoutMs: number;
  readonly #partitions = new Map<number, { watermark: number; lastSeenAt: number }>();

  constructor(options: { outOfOrdernessMs: number; idleTimeoutMs: number }) {
    this.#outOfOrdernessMs = options.outOfOrdernessMs;
    this.#idleTimeoutMs = options.idleTimeoutMs;
  }

  /** Starts tracking a partition, at a watermark restored from its last commit if any. */
  assign(partition: number, now: number, restored = Number.NEGATIVE_INFINITY): void {
    this.#partitions.set(partition, { watermark: restored, lastSeenAt: now });
  }

  revoke(partition: number): void {
    this.#partitions.delete(partition);
  }

  /** The watermark of `partition` (−∞ before its first event). */
  get(partition: number): number {
    return this.#partitions.get(partition)?.watermark ?? Number.NEGATIVE_INFINITY;
  }

  /** Records an event time seen on `partition`; returns its watermark afterwards. */
  observe(partition: number, eventTime: number, now: number): number {
    const state = this.#partitions.get(partition);
    if (state === undefined)
      throw new StreamError('PARTITION_NOT_ASSIGNED', `partition ${partition} is not assigned`);
    state.lastSeenAt = now;
    const candidate = eventTime - this.#outOfOrdernessMs;
    if (candidate > state.watermark) state.watermark = candidate;
    return state.watermark;
  }

  /**
   * Moves idle partitions up to the slowest active one. Returns the partitions whose
   * watermark advanced, so their windows can be fired.
   */
  advanceIdle(now: number): number[] {
    let slowestActive = Number.POSITIVE_INFINITY;
    const idle: { partition: number; state: { watermark: number } }[] = [];
    for (const [partition, state] of this.#partitions) {
      if (now - state.lastSeenAt >= this.#idleTimeoutMs) idle.push({ partition, state });
      else slowestActive = Math.min(slowestActive, state.watermark);
    }
    if (!Number.isFinite(slowestActive)) return [];
    const advanced: number[] = [];
    for (const { partition, state } of idle) {
      if (slowestActive > state.watermark) {
        state.watermark = slowestActive;
        advanced.push(partition);
      }
    }
    return advanced;
  }
}
