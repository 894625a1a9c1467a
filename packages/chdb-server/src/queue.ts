/**
 * Runs tasks one at a time, in arrival order. The engine runs one statement at a time for
 * this server: chDB binds query parameters process-wide (two parameterised queries at once
 * can clobber each other or abort the engine), and on 2 cores nothing is gained by overlap.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;
  #running = false;
  #closed: Error | undefined;

  /** Tasks accepted and not finished, the running one included. */
  get size(): number {
    return this.#waiting + (this.#running ? 1 : 0);
  }

  /**
   * Queues `task`. It is skipped, and the promise rejects with `skipped()`'s error, if the
   * queue closed or `signal` aborted while it waited.
   */
  run<T>(task: () => Promise<T>, options: { signal?: AbortSignal; skipped?: () => Error } = {}): Promise<T> {
    const skipped = options.skipped ?? (() => new Error('task skipped'));
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    this.#waiting++;
    const result = this.#tail.then(async () => {
      this.#waiting--;
      if (this.#closed !== undefined) throw this.#closed;
      if (options.signal?.aborted === true) throw skipped();
      this.#running = true;
      try {
        return await task();
      } finally {
        this.#running = false;
      }
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Refuses new tasks and fails waiting ones with `reason`; resolves once the running one ends. */
  async close(reason: Error): Promise<void> {
    this.#closed ??= reason;
    await this.#tail;
  }
}
