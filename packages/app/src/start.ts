import { availableParallelism } from 'node:os';
import type { ClickHouseClient } from '@clickhouse/client';
import { checkKafka, createKafka, declareTopics, type KafkaConfig, provisionTopics } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import {
  onegridProcessors,
  type ProcessorCatalogue,
  provisionScreenLane,
  type RunningProcessors,
  redriveDeadLetters,
  startProcessors,
  whenGroupsAssigned,
} from '@onegrid/processors';
import {
  buildOpsServer,
  buildServer,
  createLiveState,
  type LiveState,
  loadOpsConfig,
  type OpsConfig,
  type ProcessorStatus,
  PushChannels,
  type ServerConfig,
  STORE_POLLED,
  startPolling,
  systemScheduler,
} from '@onegrid/server';
import {
  canLowerQueryPriority,
  DEFAULT_GATE,
  migrate,
  openAnalystClient,
  openStore,
  runReadOnlyQuery,
  SqlGate,
  SqlQuota,
  type Store,
  type StoreConfig,
} from '@onegrid/store';
import { streamMetrics } from '@onegrid/stream';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type AppConfig, startupDeadlineS } from './config.ts';
import { openFrontDoor } from './front-door.ts';
import { appHealth } from './health.ts';
import { startKafkaLiveFeed } from './live/kafka-live-feed.ts';
import { startKafkaPushFeed } from './live/kafka-push-feed.ts';
import { waitFor } from './wait-for.ts';
import { watchWarmth } from './warmth.ts';

/**
 * How long `/health/ready` waits for the process to be warm (its readers assigned, registries
 * read) before it says ready anyway, degraded (warmth.ts). Each part has its own bound as well.
 */
const WARM_WITHIN_MS = 90_000;

export interface RunningApp {
  /** The server's address, or, in a process that runs only processors, its ops port's (`/health`, `/metrics`). */
  readonly url: string;
  stop(): Promise<void>;
}

/** What a caller may put in place of the defaults; tests run a processor of their own on their own topic. */
export interface AppParts {
  /** The processors to run (default: every onegrid processor). */
  readonly catalogue?: ProcessorCatalogue;
  /** Consumer groups are `<prefix><name>` (default `onegrid.`). */
  readonly groupPrefix?: string;
  /** Ends the process when start-up passes its deadline (default `process.exit`); tests see the code. */
  readonly exit?: (code: number) => void;
}

/**
 * Composition root of the main job: one process holds the store (embedded chDB binds its
 * folder to one process), the processors, the live feed and the HTTP server. With a ClickHouse
 * server, `ONEGRID_ROLE` splits processors and server into processes of their own; a process
 * of processors only serves `/health` and `/metrics` on the HTTP port (`buildOpsServer`), for
 * probes and scrapers. Stops in reverse order of start.
 */
export async function startApp(
  config: {
    app: AppConfig;
    kafka: KafkaConfig;
    store: StoreConfig;
    server: ServerConfig | undefined;
    /** Read by the ops port when there is no server (default: `loadOpsConfig({})`). */
    ops?: OpsConfig;
  },
  logger: Logger,
  parts: AppParts = {},
): Promise<RunningApp> {
  const stops: (() => Promise<void>)[] = [];
  // Every part is stopped, in reverse order of start, even when one fails to stop.
  const stopAll = async () => {
    const failures: unknown[] = [];
    for (const stop of [...stops].reverse()) await stop().catch((error: unknown) => failures.push(error));
    stops.length = 0;
    if (failures.length > 0) throw new AggregateError(failures, 'onegrid did not stop cleanly');
  };
  // The whole start-up has a deadline (ONEGRID_STARTUP_S): /health/live answers 200 throughout
  // it, so no start-up probe bounds it any more, and a step after the waits that never ends
  // (a migration, a reader's join, a query) left the process live and unready for ever (review
  // of wip-edges17). Past it the step is named and the process exits 1: whatever runs it (a
  // Deployment, compose's restart policy, systemd) starts it again and counts the restart, with or
  // without a liveness probe; the waits (`overdue.signal`) end at once.
  const deadlineS = startupDeadlineS(config.app);
  const overdue = new AbortController();
  let step = (): { readonly component: string; readonly detail: string } => ({
    component: 'start-up',
    detail: 'opening the port',
  });
  const watchdog = setTimeout(() => {
    const { component, detail } = step();
    const error = new Error(
      `start-up did not finish within ${deadlineS} s (ONEGRID_STARTUP_S): stuck at ${component}: ${detail}`,
    );
    logger.fatal({ component, detail, deadlineS }, `${error.message}; exiting`);
    overdue.abort(error);
    (parts.exit ?? process.exit)(1);
  }, deadlineS * 1_000);
  try {
    // The port first: /health/live answers while start-up waits below for ClickHouse and Kafka
    // (up to ONEGRID_KAFKA_WAIT_S each), /health/ready names what it waits for (front-door.ts).
    const listenOn = { host: config.app.ONEGRID_HTTP_HOST, port: config.app.ONEGRID_HTTP_PORT };
    const front = await openFrontDoor(listenOn, logger);
    step = front.waiting;
    stops.push(() => front.close());
    // A ClickHouse server may come up after onegrid (compose, a restart): wait for it as for Kafka.
    front.waitingFor('clickhouse', 'ClickHouse to answer');
    let opened: Store | undefined;
    await waitFor(
      async () => {
        opened = await openStore(config.store);
        return true;
      },
      { deadlineMs: config.app.ONEGRID_KAFKA_WAIT_S * 1000, what: 'ClickHouse', signal: overdue.signal },
    );
    const store = opened as Store;
    stops.push(() => store.close());
    if (config.app.ONEGRID_MIGRATE === 'on') {
      front.waitingFor('clickhouse', 'migrations');
      const migrations = await migrate(store.client);
      logger.info(
        { target: store.target, applied: migrations.applied, skipped: migrations.skipped },
        'clickhouse ready',
      );
    } else logger.info({ target: store.target }, 'clickhouse ready (schema managed outside onegrid)');

    front.waitingFor('kafka', 'Kafka brokers to answer');
    const kafka = createKafka(config.kafka, logger);
    const admin = kafka.admin();
    stops.push(() => admin.disconnect());
    await waitFor(
      async () => {
        await admin.connect();
        return (await checkKafka(admin)).ok;
      },
      {
        deadlineMs: config.app.ONEGRID_KAFKA_WAIT_S * 1000,
        what: `Kafka at ${config.kafka.KAFKA_BROKERS.join(',')}`,
        signal: overdue.signal,
      },
    );
    front.waitingFor('kafka', 'topics provisioned');
    const topics = await provisionTopics(
      admin,
      declareTopics(config.kafka),
      config.kafka.ONEGRID_TOPIC_REPLICATION,
    );
    // Not a declared topic: replication 2 and min ISR 1 (processors README, "Screen lane").
    await provisionScreenLane(admin);
    logger.info({ created: topics.created.length, grown: topics.grown.length }, 'kafka topics ready');

    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    let processors: RunningProcessors | undefined;
    if (config.app.ONEGRID_ROLE !== 'server') {
      front.waitingFor('processors', 'processors to start (registries loaded, groups joined)');
      processors = await startProcessors({
        kafka,
        clickhouse: store.client,
        logger,
        metrics: streamMetrics(metrics),
        catalogue: parts.catalogue ?? onegridProcessors,
        groupPrefix: parts.groupPrefix,
        hold: { graceMs: config.app.ONEGRID_HOLD_GRACE_S * 1_000 },
        ...(config.app.ONEGRID_UTILITY_WORKER === 'on' ? { utilityWorker: { kafka: config.kafka } } : {}),
        // A catalogue of a test's own reads its own topics: the lane would read the contract's.
        liveLane:
          config.app.ONEGRID_LIVE_LANE === 'off' || parts.catalogue !== undefined
            ? false
            : config.app.ONEGRID_LIVE_LANE === 'worker'
              ? { worker: config.kafka }
              : true,
      });
      stops.push(() => processors?.stop() ?? Promise.resolve());
      logger.info({ processors: processors.status().map((s) => s.name) }, 'processors running');
    }
    const health = appHealth(admin, store, processors);
    if (config.app.ONEGRID_ROLE === 'processors' || config.server === undefined) {
      const ops = buildOpsServer({
        logger,
        config: config.ops ?? loadOpsConfig({}),
        healthChecks: health.checks,
        processors: health.processors,
        // Ready once the live lane's groups are assigned (the storm's first readings copied at once).
        ...(processors === undefined
          ? {}
          : {
              warm: watchWarmth({ 'live lane': processors.whenWarm }, { withinMs: WARM_WITHIN_MS, logger }),
            }),
        metrics,
        serverFactory: front.serverFactory,
      });
      stops.push(() => ops.close());
      front.waitingFor('processors', 'the ops port to be ready');
      await ops.ready();
      front.open();
      clearTimeout(watchdog);
      logger.info({ url: front.url }, 'onegrid ops port serving (/health, /metrics)');
      return { url: front.url, stop: stopAll };
    }

    front.waitingFor('server', "the screens' feeds to start");
    // Seqs start at this run's start time: a screen's seq from before a restart is never mistaken for one of this run.
    const live = createLiveState(config.server, systemScheduler, Date.now());
    stops.push(async () => live.close());
    front.waitingFor('clickhouse', "the districts' names");
    const names = await districtNames(store.client);
    front.waitingFor('kafka', "the live feed's readers to start");
    const feed = await startKafkaLiveFeed(kafka, live, names, logger);
    stops.push(() => feed.stop());
    const push = new PushChannels({ live, clickhouse: store.client, logger, scheduler: systemScheduler });
    front.waitingFor('kafka', "the pushed channels' reader to start");
    const pushFeed = await startKafkaPushFeed(kafka, push, logger);
    stops.push(() => pushFeed.stop());
    const polling = startPolling({
      live,
      clickhouse: store.client,
      logger,
      scheduler: systemScheduler,
      intervalMs: config.app.ONEGRID_POLL_MS,
      pollers: STORE_POLLED,
    });
    stops.push(() => polling.stop());

    const status = health.processors ?? (async (): Promise<ProcessorStatus[]> => []);
    const pipeline = publishPipeline(live, status, health.checks.kafka, health.checks.clickhouse, logger);
    stops.push(async () => clearInterval(pipeline));

    const quota = new SqlQuota();
    // One analyst query at a time per token and a quarter of the cores in all: the engine is the processors' too.
    const gate = new SqlGate({ ...DEFAULT_GATE, maxRunning: sqlMaxRunning() });
    // Analysts' SQL on a client of its own: embedded, its own chDB connection (a long query does
    // not queue the processors' inserts); on a server, the analyst user (grants guard it too).
    front.waitingFor('clickhouse', "the analysts' client");
    const analystClient = await openAnalystClient(config.store);
    if (analystClient !== undefined) stops.push(() => analystClient.close());
    // Embedded, analysts' queries share this process's cores with the processors and yield them
    // by running at nice 19 (os_thread_priority), which the engine applies only with CAP_SYS_NICE.
    if (store.mode === 'embedded' && config.app.ONEGRID_SQL_NICE > 0 && !canLowerQueryPriority())
      logger.warn(
        "no CAP_SYS_NICE: analysts' queries run at the processors' priority and can slow them (docs/security.md)",
      );
    else if (store.mode === 'server')
      logger.warn(
        "CLICKHOUSE_ANALYST_USER is unset: analysts' SQL runs as the store user, guarded by the allow-list alone",
      );
    // Ready means "delivers within a second": every reader on the screens' path joined and
    // assigned, the registries read as they stood (a load balancer's /health/ready then means it
    // too). The app serves at once all the same: /health/live answers while a join takes seconds
    // on busy cores or a slow cluster (a start-up probe must not kill it); a part not warm in time
    // is said, ready degraded, and reads once it is.
    const joining = Date.now();
    const stopping = new AbortController();
    stops.push(async () => stopping.abort());
    const warm = watchWarmth(
      {
        "screens' readers": whenGroupsAssigned(kafka, [...feed.groupIds, ...pushFeed.groupIds], {
          deadlineMs: WARM_WITHIN_MS,
          signal: stopping.signal,
        }).then(
          () => {
            logger.info({ ms: Date.now() - joining }, "screens' readers joined and assigned");
            return true;
          },
          (error: unknown) => {
            if (!stopping.signal.aborted)
              logger.warn({ err: error }, "screens' readers not all assigned; they read once they are");
            return false;
          },
        ),
        registries: pushFeed.registriesRead,
        ...(processors === undefined ? {} : { 'live lane': processors.whenWarm }),
      },
      { withinMs: WARM_WITHIN_MS, logger },
    );
    const server = buildServer({
      logger,
      config: config.server,
      healthChecks: health.checks,
      processors: health.processors,
      warm,
      live,
      clickhouse: store.client,
      sql: (sql, options) =>
        runReadOnlyQuery(analystClient ?? store.client, sql, {
          user: options.user,
          quota,
          gate,
          limits: { maxResultRows: options.maxRows, osThreadPriority: config.app.ONEGRID_SQL_NICE },
          ...(options.params !== undefined ? { params: options.params } : {}),
        }),
      redrive: (request) =>
        redriveDeadLetters({ kafka, clickhouse: store.client, logger, now: Date.now }, request),
      metrics,
      serverFactory: front.serverFactory,
    });
    stops.push(() => server.close());
    front.waitingFor('server', 'the HTTP app to be ready');
    await server.ready();
    front.open();
    clearTimeout(watchdog);
    logger.info({ url: front.url }, 'onegrid serving');
    return { url: front.url, stop: stopAll };
  } catch (error) {
    // The start-up error is the one to report; stopping what had started is best effort (its failures
    // logged), within the deadline still (a stop stuck on a broker away ends the process too).
    step = () => ({ component: 'start-up', detail: 'stopping what started, after a failed start' });
    await stopAll().catch((stopError: unknown) => {
      logger.warn({ err: stopError }, 'after a failed start, what had started did not all stop cleanly');
    });
    clearTimeout(watchdog);
    throw error;
  }
}

/** Chinese district names for the screens, from the store's registry of districts. */
async function districtNames(client: ClickHouseClient): Promise<Map<string, string>> {
  const result = await client.query({
    query: 'SELECT code, argMax(name_zh, updated_at) AS name FROM districts GROUP BY code',
    format: 'JSONEachRow',
  });
  return new Map((await result.json<{ code: string; name: string }>()).map((r) => [r.code, r.name]));
}

/** The `pipeline` channel: each processor's lag and event time, and the health of Kafka and ClickHouse. */
function publishPipeline(
  live: LiveState,
  status: () => Promise<ProcessorStatus[]>,
  kafka: () => Promise<{ ok: boolean }>,
  clickhouse: () => Promise<{ ok: boolean }>,
  logger: Logger,
): NodeJS.Timeout {
  return setInterval(() => {
    Promise.all([status(), kafka(), clickhouse()])
      .then(([processors, k, c]) => {
        live.publish('pipeline', {
          upserts: { status: { processors, kafka_ok: k.ok, clickhouse_ok: c.ok } },
          asOf: new Date().toISOString(),
        });
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'pipeline status failed'));
  }, 2_000);
}

/**
 * Analyst queries at once, all users together: a quarter of the cores, at least one. Each runs on
 * one engine thread (max_threads = 1), so the processors keep the rest (docs/measurements.md).
 */
export function sqlMaxRunning(cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 4));
}
