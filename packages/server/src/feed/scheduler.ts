/** Time and timers as a parameter: the hub runs on the system clock, its tests on a hand-moved one. */
export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `task` once after `delayMs`; the returned function cancels it. */
  after(delayMs: number, task: () => void): () => void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  after(delayMs, task) {
    // No wait: after the current I/O callbacks, in this turn of the loop, not in the next one
    // (a timer of 0 is 1 ms, and a loop with nothing else to do sleeps for it: on a loaded
    // host, one more wait to be scheduled before a screen change leaves).
    if (delayMs <= 0) {
      const immediate = setImmediate(task);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(task, delayMs);
    return () => clearTimeout(timer);
  },
};
