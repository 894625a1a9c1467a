/**
 * Runs tasks one at a time in call order. Batches, idle ticks and commits of a processor go
 * through one of these, so a commit never sees state that a concurrent task half-changed.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
