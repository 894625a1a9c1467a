import type { Scheduler } from './scheduler.ts';

/** A scheduler whose clock moves only when a test calls `advance` (runs due tasks in time order). */
export class ManualScheduler implements Scheduler {
  #now: number;
  #tasks: { at: number; id: number; task: () => void }[] = [];
  #nextId = 0;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(delayMs: number, task: () => void): () => void {
    const id = this.#nextId++;
    this.#tasks.push({ at: this.#now + delayMs, id, task });
    return () => {
      this.#tasks = this.#tasks.filter((t) => t.id !== id);
    };
  }

  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      this.#tasks.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.#tasks[0];
      if (next === undefined || next.at > until) break;
      this.#tasks.shift();
      this.#now = next.at;
      next.task();
    }
    this.#now = until;
  }
}
