/**
 * How an analyst's statement is run read-only. The statement has already been parsed and
 * re-printed by ClickHouse itself (formatQuerySingleLine: one statement, no comments) and its
 * syntax tree has passed the allow-list (allow.ts); the checks here are a second look at the
 * canonical text, and the limits every run carries.
 */

export interface ReadOnlyLimits {
  /** Seconds a query may run (max_execution_time). */
  readonly maxExecutionTimeS: number;
  /** Rows a result may have (max_result_rows, overflow throws). */
  readonly maxResultRows: number;
  /** Bytes a result may have, uncompressed (max_result_bytes). */
  readonly maxResultBytes: number;
  /** Rows a query may read from tables (max_rows_to_read, overflow throws). */
  readonly maxRowsToRead: number;
  /** Bytes of memory a query may take (max_memory_usage): past it the query fails, not the process. */
  readonly maxMemoryBytes: number;
  /** Threads a query may use (max_threads): the processors keep the rest of the cores. */
  readonly maxThreads: number;
  /**
   * The nice value of the query's threads (os_thread_priority, 19 = lowest): where cores are
   * short, the processors' threads (nice 0) run first and an analyst's query takes what is left.
   * The engine applies it only with CAP_SYS_NICE and ignores it otherwise (the app warns).
   */
  readonly osThreadPriority: number;
}

export const DEFAULT_LIMITS: ReadOnlyLimits = {
  maxExecutionTimeS: 30,
  maxResultRows: 100_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxRowsToRead: 2_000_000_000,
  maxMemoryBytes: 1024 * 1024 * 1024,
  maxThreads: 1,
  osThreadPriority: 19,
};

const ALLOWED = ['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'EXISTS'] as const;
const WRAPPED = new Set(['SELECT', 'WITH']);

export type Plan = { ok: true; sql: string } | { ok: false; reason: string };

/**
 * The SQL to run for a canonical statement: SELECT and WITH queries become a subquery of
 * `SELECT * FROM (…) SETTINGS readonly = 1, <limits>` (so a SETTINGS, FORMAT or INTO OUTFILE
 * of their own cannot apply, and readonly = 1 forbids changing any setting inside); SHOW,
 * DESCRIBE, EXPLAIN and EXISTS get the SETTINGS clause appended. Anything else is refused.
 * The settings live in the query, not the session: chDB keeps session settings.
 */
export function planReadOnly(canonical: string, limits: ReadOnlyLimits): Plan {
  const verb = /^\s*([A-Za-z]+)/.exec(canonical)?.[1]?.toUpperCase() ?? '';
  if (!(ALLOWED as readonly string[]).includes(verb)) {
    return {
      ok: false,
      reason: `only ${ALLOWED.join(', ')} statements are allowed, got ${verb || 'nothing'}`,
    };
  }
  // A file write is refused outright: readonly does not stop it on an embedded engine.
  if (/\bINTO\s+OUTFILE\b/i.test(canonical)) return { ok: false, reason: 'INTO OUTFILE is not allowed' };
  const settings = settingsClause(limits);
  return {
    ok: true,
    sql: WRAPPED.has(verb) ? `SELECT * FROM (${canonical}) ${settings}` : `${canonical} ${settings}`,
  };
}

export function settingsClause(limits: ReadOnlyLimits): string {
  const whole = (n: number) => Math.max(0, Math.floor(n));
  return [
    'SETTINGS readonly = 1',
    `max_execution_time = ${whole(limits.maxExecutionTimeS)}`,
    `max_result_rows = ${whole(limits.maxResultRows)}`,
    `max_result_bytes = ${whole(limits.maxResultBytes)}`,
    "result_overflow_mode = 'throw'",
    `max_rows_to_read = ${whole(limits.maxRowsToRead)}`,
    "read_overflow_mode = 'throw'",
    `max_memory_usage = ${whole(limits.maxMemoryBytes)}`,
    `max_threads = ${Math.max(1, whole(limits.maxThreads))}`,
    `os_thread_priority = ${Math.min(19, Math.max(0, Math.trunc(limits.osThreadPriority)))}`,
  ].join(', ');
}
