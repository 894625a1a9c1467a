/**
 * A producer's warm-ups in flight (`KafkaProducer.warm`), so that its disconnect waits for them:
 * `warmProducer` stops waiting after its bound, but the warm-up itself goes on, and its metadata
 * request or leader connections, finishing after the disconnect, reopened sockets of a producer
 * that had closed (review of wip-edges17). A warm-up asked once closing is refused.
 */
export class WarmUps {
  #closing = false;
  readonly #running = new Set<Promise<void>>();

  /** `warm`, tracked; refused while the producer is closing or closed. */
  run(warm: () => Promise<void>): Promise<void> {
    if (this.#closing) return Promise.reject(new Error('the producer is disconnected: not warmed'));
    const running = warm();
    const tracked = running.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(tracked);
    void tracked.then(() => this.#running.delete(tracked));
    return running;
  }

  /** Connected (again): warm-ups are taken. */
  open(): void {
    this.#closing = false;
  }

  /**
   * Refuses new warm-ups and waits for those in flight, at most `withinMs`: one stuck on a broker
   * away (the client's own retries) does not hold the disconnect longer.
   */
  async close(withinMs: number): Promise<void> {
    this.#closing = true;
    if (this.#running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, withinMs);
    });
    try {
      await Promise.race([Promise.all(this.#running), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** How long a disconnect waits for a warm-up in flight: `warmProducer`'s bound at start (5 s). */
export const WARM_CLOSE_MS = 5_000;
