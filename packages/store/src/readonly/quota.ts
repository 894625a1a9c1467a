/**
 * Per-user quotas for analysts' SQL: queries per minute and rows read per hour, over sliding
 * windows. Pure: time is passed in. On a ClickHouse server the same policy is better kept by
 * the server itself (CREATE QUOTA … FOR INTERVAL 1 minute MAX queries = …, see
 * docs/read-only-sql.md); chDB has no users, so this class keeps it in the process.
 */
export interface QuotaPolicy {
  readonly queriesPerMinute: number;
  readonly rowsReadPerHour: number;
}

export const DEFAULT_QUOTA: QuotaPolicy = { queriesPerMinute: 30, rowsReadPerHour: 20_000_000_000 };

export type Admission =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly retryAfterMs: number };

const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Usage {
  queries: number[];
  reads: { at: number; rows: number }[];
}

export class SqlQuota {
  readonly policy: QuotaPolicy;
  readonly #users = new Map<string, Usage>();

  constructor(policy: QuotaPolicy = DEFAULT_QUOTA) {
    this.policy = policy;
  }

  /** Whether `user` may run a query at `now`; if so, the query is counted. */
  admit(user: string, now: number): Admission {
    const usage = this.#usage(user, now);
    if (usage.queries.length >= this.policy.queriesPerMinute) {
      const oldest = usage.queries[0] ?? now;
      return {
        ok: false,
        reason: `quota: ${this.policy.queriesPerMinute} queries per minute for ${user}`,
        retryAfterMs: oldest + MINUTE - now,
      };
    }
    const read = usage.reads.reduce((sum, r) => sum + r.rows, 0);
    if (read >= this.policy.rowsReadPerHour) {
      const oldest = usage.reads[0]?.at ?? now;
      return {
        ok: false,
        reason: `quota: ${this.policy.rowsReadPerHour} rows read per hour for ${user}, ${read} read`,
        retryAfterMs: oldest + HOUR - now,
      };
    }
    usage.queries.push(now);
    return { ok: true };
  }

  /** Records the rows a finished (or failed) query of `user` read. */
  charge(user: string, rowsRead: number, now: number): void {
    if (rowsRead > 0) this.#usage(user, now).reads.push({ at: now, rows: rowsRead });
  }

  /** Rows `user` read in the last hour. */
  rowsRead(user: string, now: number): number {
    return this.#usage(user, now).reads.reduce((sum, r) => sum + r.rows, 0);
  }

  #usage(user: string, now: number): Usage {
    let usage = this.#users.get(user);
    if (usage === undefined) {
      usage = { queries: [], reads: [] };
      this.#users.set(user, usage);
    }
    while (usage.queries.length > 0 && (usage.queries[0] ?? now) <= now - MINUTE) usage.queries.shift();
    while (usage.reads.length > 0 && (usage.reads[0]?.at ?? now) <= now - HOUR) usage.reads.shift();
    return usage;
  }
}
