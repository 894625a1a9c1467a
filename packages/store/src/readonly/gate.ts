/**
 * How many analyst queries run at once: one per user, a few in all; the rest wait in arrival order
 * up to a bound, and past it are refused at once (the server answers 429). Analyst queries share
 * the engine, and with embedded chDB the process, with the processors: this keeps them from
 * taking more than a few of its threads however many analysts ask.
 */
export interface GatePolicy {
  /** Queries running at once, all users together. */
  readonly maxRunning: number;
  /** Queries waiting, all users together; one more is refused. */
  readonly maxWaiting: number;
  /** Queries one user may have waiting behind the one it runs. */
  readonly maxWaitingPerUser: number;
}

export const DEFAULT_GATE: GatePolicy = { maxRunning: 2, maxWaiting: 8, maxWaitingPerUser: 1 };

export type Ticket = { ok: true; release: () => void } | { ok: false; reason: string };

interface Waiter {
  readonly user: string;
  readonly admit: () => void;
}

export class SqlGate {
  readonly policy: GatePolicy;
  readonly #running = new Set<string>();
  readonly #waiting: Waiter[] = [];

  constructor(policy: GatePolicy = DEFAULT_GATE) {
    this.policy = policy;
  }

  /** Resolves when `user` may run a query (call `release` after it), or at once with a refusal. */
  async enter(user: string): Promise<Ticket> {
    if (this.#mayRun(user)) return this.#start(user);
    const queued = this.#waiting.filter((w) => w.user === user).length;
    if (queued >= this.policy.maxWaitingPerUser)
      return { ok: false, reason: `busy: ${user} already has a query running and ${queued} waiting` };
    if (this.#waiting.length >= this.policy.maxWaiting)
      return { ok: false, reason: `busy: ${this.#waiting.length} analyst queries are waiting` };
    await new Promise<void>((admit) => this.#waiting.push({ user, admit }));
    return this.#start(user);
  }

  /** Running and waiting counts, for metrics and tests. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running.size, waiting: this.#waiting.length };
  }

  #mayRun(user: string): boolean {
    return !this.#running.has(user) && this.#running.size < this.policy.maxRunning;
  }

  #start(user: string): Ticket {
    this.#running.add(user);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.#running.delete(user);
        this.#next();
      },
    };
  }

  /** Admits the first waiter whose user is not running, if there is room. */
  #next(): void {
    const index = this.#waiting.findIndex((w) => this.#mayRun(w.user));
    if (index < 0) return;
    const [waiter] = this.#waiting.splice(index, 1);
    // Mark it running now, so a second release before it resumes does not admit another of its user.
    if (waiter !== undefined) {
      this.#running.add(waiter.user);
      waiter.admit();
    }
  }
}
