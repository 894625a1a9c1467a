/** How many replays may run at once, per token and in all (each reads the store once a second). */
export interface ReplayLimits {
  readonly perToken: number;
  readonly total: number;
}

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { perToken: 2, total: 4 };

/**
 * Counts running replay sessions. `acquire` gives a release function, or the reason it refused
 * (so the route answers 429 before any socket opens).
 */
export class ReplaySlots {
  readonly #byKey = new Map<string, number>();
  #total = 0;

  readonly limits: ReplayLimits;

  constructor(limits: ReplayLimits = DEFAULT_REPLAY_LIMITS) {
    this.limits = limits;
  }

  acquire(key: string): { ok: true; release: () => void } | { ok: false; message: string } {
    const mine = this.#byKey.get(key) ?? 0;
    if (mine >= this.limits.perToken)
      return { ok: false, message: `at most ${this.limits.perToken} replays per token at once` };
    if (this.#total >= this.limits.total)
      return { ok: false, message: `at most ${this.limits.total} replays at once on this server` };
    this.#byKey.set(key, mine + 1);
    this.#total += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.#total -= 1;
        const left = (this.#byKey.get(key) ?? 1) - 1;
        if (left === 0) this.#byKey.delete(key);
        else this.#byKey.set(key, left);
      },
    };
  }

  get running(): number {
    return this.#total;
  }
}
