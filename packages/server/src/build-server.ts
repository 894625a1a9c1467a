import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerAccess } from './auth/access.ts';
import type { ServerConfig } from './config.ts';
import type { ServerDeps } from './deps.ts';
import { FEED_CHANNELS } from './feed/channels.ts';
import { FeedServer } from './feed/feed-server.ts';
import { LiveState } from './feed/live-state.ts';
import { feedMetrics } from './feed/metrics.ts';
import { type Scheduler, systemScheduler } from './feed/scheduler.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerPlugins } from './http/plugins.ts';
import { useZodSchemas } from './http/zod-schemas.ts';
import { ReplaySlots } from './replay/limits.ts';
import type { ReplaySession } from './replay/session.ts';
import { dashboardRoutes } from './routes/dashboards.ts';
import { feedRoutes } from './routes/feed.ts';
import { healthRoutes } from './routes/health.ts';
import { historyRoutes } from './routes/history.ts';
import { kpiRoutes } from './routes/kpis.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { redriveRoutes } from './routes/redrive.ts';
import { registryRoutes } from './routes/registry.ts';
import { replayRoutes } from './routes/replay.ts';
import { sqlRoutes } from './routes/sql.ts';
import { stateRoutes } from './routes/state.ts';

/** Largest client frame accepted on the feed (subscribe messages are a few hundred bytes). */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    /** The live state behind the feed and `/api/state`: publishers call `live.publish(…)`. */
    live: LiveState;
    feed: FeedServer;
  }
}

/** The hub the feed serves, with the configured coalescing interval and resume history. */
export function createLiveState(
  config: ServerConfig,
  scheduler: Scheduler = systemScheduler,
  firstSeq = 0,
): LiveState {
  return new LiveState({
    channels: FEED_CHANNELS,
    scheduler,
    firstSeq,
    flushIntervalMs: config.feed.flushIntervalMs,
    historySize: config.feed.historySize,
    historyBytes: config.feed.historyBytes,
  });
}

/**
 * Builds the app without listening, so tests use `inject()` or listen on port 0 and the main
 * job chooses host and port. `app.live` is the hub publishers write into; closing the app stops
 * the feed (clients get 1001) and the hub's timers.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const { config } = deps;
  const scheduler = deps.scheduler ?? systemScheduler;
  const live = deps.live ?? createLiveState(config, scheduler);
  const registry = deps.metrics ?? withDefaultMetrics(new Registry());
  const logger = deps.logger.child(
    { component: 'http' },
    // Tokens may come in the query string (browsers' WebSockets): never log them.
    {
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactToken(req.url) }),
      },
    },
  );
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: false,
    ...(deps.serverFactory === undefined ? {} : { serverFactory: deps.serverFactory }),
  });

  useZodSchemas(app);
  registerErrorHandler(app);
  registerAccess(app, config.auth);
  registerPlugins(app, config);
  app.register(fastifyWebsocket, { options: { maxPayload: MAX_CLIENT_FRAME_BYTES } });

  const feed = new FeedServer({
    live,
    options: config.feed,
    scheduler,
    metrics: feedMetrics(registry),
    logger: deps.logger.child({ component: 'feed' }),
  });
  app.decorate('live', live);
  app.decorate('feed', feed);
  const replays = new Set<ReplaySession>();
  app.addHook('onClose', async () => {
    for (const session of replays) session.stop();
    feed.close();
    if (deps.live === undefined) live.close();
  });

  app.register(async (routes) => {
    healthRoutes(routes, {
      healthChecks: deps.healthChecks,
      processors: deps.processors,
      readyMaxLag: config.readyMaxLag,
      ...(deps.warm === undefined ? {} : { warm: deps.warm }),
    });
    metricsRoutes(routes, registry);
    feedRoutes(routes, feed);
    replayRoutes(routes, {
      clickhouse: deps.clickhouse,
      slots: new ReplaySlots(deps.replayLimits),
      scheduler,
      logger: deps.logger.child({ component: 'replay' }),
      sessions: replays,
    });
    stateRoutes(routes, live);
    historyRoutes(routes, deps.clickhouse, scheduler.now);
    kpiRoutes(routes, deps.clickhouse, scheduler.now);
    registryRoutes(routes, deps.clickhouse);
    sqlRoutes(routes, deps.sql);
    redriveRoutes(routes, deps.redrive);
    dashboardRoutes(routes, config.dashboardsDir);
  });
  return app;
}

function withDefaultMetrics(registry: Registry): Registry {
  collectDefaultMetrics({ register: registry });
  return registry;
}

function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}
