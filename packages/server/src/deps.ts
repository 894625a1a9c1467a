import type { RequestListener, Server } from 'node:http';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '@onegrid/logging';
import type { Registry } from 'prom-client';
import type { ServerConfig } from './config.ts';
import type { LiveState } from './feed/live-state.ts';
import type { Scheduler } from './feed/scheduler.ts';
import type { ReplayLimits } from './replay/limits.ts';

export interface ComponentHealth {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

/** One processor's progress, for readiness and the `pipeline` channel. */
export interface ProcessorStatus {
  readonly name: string;
  /** Messages between the last one processed and the end of its input, summed over partitions. */
  readonly lag: number;
  /** ISO event time the processor has reached, or null before its first event. */
  readonly watermark: string | null;
  /** Present once it stopped on a failure no retry can cure: `/health` then answers 503. */
  readonly failure?: { readonly code: string; readonly message: string };
}

/** What a read-only query gives back: the shape of the store's `SqlOutcome` (readonly/run.ts). */
export type SqlOutcome =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      readonly error: {
        /** EMPTY_QUERY, NOT_READ_ONLY, QUOTA_EXCEEDED, BUSY (both answered 429) or CLICKHOUSE_ERROR. */
        readonly code: string;
        readonly message: string;
        readonly clickhouseCode?: number;
        readonly retryAfterMs?: number;
      };
    };

/**
 * Read-only SQL for analysts (`POST /api/sql`), never throwing for what the query does. Wire it to
 * the store: `(sql, o) => runReadOnlyQuery(client, sql, { user: o.user, params: o.params,
 * limits: { maxResultRows: o.maxRows }, quota })`.
 */
export type SqlRunner = (
  sql: string,
  options: {
    readonly user: string;
    readonly maxRows: number;
    readonly params?: Record<string, string | number | boolean | null>;
  },
) => Promise<SqlOutcome>;

/**
 * Re-drives dead letters (`POST /api/admin/redrive`). Wire it to the processors'
 * `redriveDeadLetters({ kafka, clickhouse, logger, now }, request)`, which validates the request
 * again and answers with its report.
 */
export type Redriver = (request: {
  readonly topic: string;
  readonly reason: string;
  readonly from: string;
  readonly to: string;
  readonly limit: number;
  readonly dryRun: boolean;
  /** The caller's token key (never the token). */
  readonly by: string;
}) => Promise<unknown>;

/**
 * What the server needs from the rest of the process. The server opens no Kafka or ClickHouse
 * connection itself: the composition root (packages/app) hands it clients and functions.
 */
export interface ServerDeps {
  readonly logger: Logger;
  /** From `loadServerConfig(env)`. */
  readonly config: ServerConfig;
  /** Each named check answers without throwing, within its own deadline (`/health`, `/health/ready`). */
  readonly healthChecks: Readonly<Record<string, () => Promise<ComponentHealth>>>;
  /** The processors' progress; `/health/ready` fails while one lags more than the configured bound. */
  readonly processors?: () => Promise<readonly ProcessorStatus[]>;
  /**
   * Whether the process is warm: `{ ok: false }` while it waits for its readers to be assigned
   * (`/health/ready` 503), `{ ok: true }` once they are, `{ ok: true, degraded: true, … }` once it
   * gave up waiting. Asked by `/health/ready` alone; absent, nothing is waited for.
   */
  readonly warm?: () => ComponentHealth;
  /** The live state the feed and `/api/state` serve; publishers write into it. Default: a new one. */
  readonly live?: LiveState;
  /** History, KPI and registry routes query it; without it they answer 503. */
  readonly clickhouse?: ClickHouseClient;
  /** Running replays allowed per token and in all (`/api/replay`); default 2 and 4. */
  readonly replayLimits?: ReplayLimits;
  readonly sql?: SqlRunner;
  /** Without it, `POST /api/admin/redrive` answers 503. */
  readonly redrive?: Redriver;
  /** Scraped at `/metrics`; pass the registry the processors use so one scrape shows all. */
  readonly metrics?: Registry;
  /** Clock and timers (default: the system's). */
  readonly scheduler?: Scheduler;
  /**
   * A socket already listening to build on (fastify's `serverFactory`): the composition root
   * opens its port before start-up waits for its dependencies (packages/app, front-door.ts), and
   * then readies the app instead of `listen`. Default: fastify's own, opened by `listen`.
   */
  readonly serverFactory?: (handler: RequestListener) => Server;
}
