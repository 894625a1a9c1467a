import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerDeps } from './deps.ts';
import { healthRoutes } from './routes/health.ts';

/** Builds the app without listening, so tests use `inject()` and the main job chooses the port. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
  });
  healthRoutes(app, deps);
  return app;
}
