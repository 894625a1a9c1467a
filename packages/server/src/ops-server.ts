import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Registry } from 'prom-client';
import type { OpsConfig } from './config.ts';
import type { ServerDeps } from './deps.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';

export interface OpsServerDeps {
  readonly logger: ServerDeps['logger'];
  /** Each named check answers without throwing, within its own deadline. */
  readonly healthChecks: ServerDeps['healthChecks'];
  /** Listed with their lag and watermark by `/health`; judged against `readyMaxLag` by `/health/ready`. */
  readonly processors?: ServerDeps['processors'];
  /** Whether the processors are warm (ServerDeps.warm): `/health/ready` only. */
  readonly warm?: ServerDeps['warm'];
  /** The registry the processors fill, scraped at `/metrics`. */
  readonly metrics: Registry;
  /** From `loadOpsConfig(env)`. */
  readonly config: OpsConfig;
  /** A socket already listening to build on (ServerDeps.serverFactory). */
  readonly serverFactory?: ServerDeps['serverFactory'];
}

/**
 * The HTTP port of a process that runs processors only: `/health/live`, `/health`,
 * `/health/ready` (the server's own routes) and `/metrics`, and nothing else: no feed, no REST,
 * no screens. No tokens either: the processors role holds none, and probes and scrapers carry
 * none; what it answers (component states, lag, counters) holds no personal data. Builds without
 * listening, like `buildServer`.
 */
export function buildOpsServer(deps: OpsServerDeps): FastifyInstance {
  // Probes and scrapes every few seconds would bury the processors' own logs: errors only.
  const logger = deps.logger.child({ component: 'ops-http' });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    ...(deps.serverFactory === undefined ? {} : { serverFactory: deps.serverFactory }),
  });
  registerErrorHandler(app);
  healthRoutes(app, {
    healthChecks: deps.healthChecks,
    processors: deps.processors,
    readyMaxLag: deps.config.readyMaxLag,
    ...(deps.warm === undefined ? {} : { warm: deps.warm }),
  });
  metricsRoutes(app, deps.metrics);
  return app;
}
