import { parseEnv } from '@onegrid/config';
import { z } from 'zod';

export const appConfigSchema = z.object({
  ONEGRID_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  ONEGRID_HTTP_PORT: z.coerce.number({ error: 'expected a TCP port' }).int().min(0).max(65535).default(8080),
  /** How long start-up waits for the brokers (and a ClickHouse server) before giving up with a clear error. */
  ONEGRID_KAFKA_WAIT_S: z.coerce.number({ error: 'expected seconds' }).positive().default(60),
  /**
   * How long the whole start-up may take before the process logs the step it is stuck at and
   * exits 1 (start.ts): unset, both waits (2 × ONEGRID_KAFKA_WAIT_S) plus STARTUP_MARGIN_S for the
   * steps after them (migrations, topics, processors, the feeds' readers). `/health/live` answers
   * 200 throughout start-up, so no probe bounds it.
   */
  ONEGRID_STARTUP_S: z.coerce.number({ error: 'expected seconds' }).positive().optional(),
  /**
   * What this process runs: `all` (processors and server: the only choice with embedded chDB,
   * which binds its folder to one process), or, with CLICKHOUSE_URL set, `processors` or `server`.
   */
  ONEGRID_ROLE: z.enum(['all', 'processors', 'server']).default('all'),
  /**
   * `off` on a ClickHouse cluster, whose schema comes from the cluster DDL
   * (packages/store/docs/cluster.md) rather than the single-node migrations.
   */
  ONEGRID_MIGRATE: z.enum(['on', 'off']).default('on'),
  /** Pause between two rounds of the ClickHouse poller that refreshes the storm channel (the others follow Kafka). */
  ONEGRID_POLL_MS: z.coerce.number({ error: 'expected milliseconds' }).int().min(100).default(2_000),
  /**
   * How long the archives hold a message naming an id its registry does not hold yet (a
   * household's first reading before its registry record) before dead-lettering it.
   */
  ONEGRID_HOLD_GRACE_S: z.coerce.number({ error: 'expected seconds' }).int().min(0).max(86_400).default(900),
  /**
   * The nice value analysts' queries run at (os_thread_priority; 19, the lowest, by default), so
   * that heavy analyst SQL yields the cores to the processors. 0 leaves them at the processors'.
   */
  ONEGRID_SQL_NICE: z.coerce.number({ error: 'expected a nice value' }).int().min(0).max(19).default(19),
  /**
   * `on`: the utility-inactivity processor runs in a worker thread of this process, on a second
   * core (issue 17: the chain's readings/s by the wall clock; packages/processors README,
   * "Throughput"). Off by default: its metrics stay in the worker, not on /metrics.
   */
  ONEGRID_UTILITY_WORKER: z.enum(['on', 'off']).default('off'),
  /**
   * `worker` (the default): each processor instance runs the hot standby of the screens' gauges,
   * weather, evacuation and resources (packages/processors, "Live lane") in a worker thread, so
   * neither a SIGKILLed instance's partitions (its session) nor the main thread's meter bursts
   * hold the screens (issue 18); `on`: the same on the main thread; `off`: none.
   */
  ONEGRID_LIVE_LANE: z.enum(['worker', 'on', 'off']).default('worker'),
});

export type AppConfig = z.output<typeof appConfigSchema>;

export const loadAppConfig = (env: Record<string, string | undefined> = process.env): AppConfig =>
  parseEnv(appConfigSchema, 'onegrid', env);

/** What the steps after the two waits may take, beyond them, by default (`ONEGRID_STARTUP_S`). */
export const STARTUP_MARGIN_S = 600;

/** The start-up deadline in seconds: `ONEGRID_STARTUP_S`, else both waits plus the margin. */
export const startupDeadlineS = (config: AppConfig): number =>
  config.ONEGRID_STARTUP_S ?? 2 * config.ONEGRID_KAFKA_WAIT_S + STARTUP_MARGIN_S;
