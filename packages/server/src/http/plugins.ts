import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/access.ts';
import type { ServerConfig } from '../config.ts';
import { errorBody } from '../errors.ts';
import { zodToOpenApi } from './zod-schemas.ts';

/**
 * The fastify ecosystem's security headers, CORS, per-caller rate limits and the OpenAPI
 * document with its UI at `/docs`. Registered before any route (rate limits and the OpenAPI
 * document attach to routes as they are declared).
 */
export function registerPlugins(app: FastifyInstance, config: ServerConfig): void {
  app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      // The screens may be served over plain HTTP inside a command centre's network.
      directives: { 'upgrade-insecure-requests': null },
    },
  });
  app.register(fastifyCors, {
    origin:
      config.corsOrigins === undefined ? false : config.corsOrigins === '*' ? true : [...config.corsOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
  });
  app.register(fastifyRateLimit, {
    global: true,
    max: config.rateLimitPerMin,
    timeWindow: 60_000,
    // Per token when the token is valid, else per address: a bad-token flood is limited too.
    keyGenerator: (request) => principalOf(request, config.auth)?.key ?? `ip:${request.ip}`,
    errorResponseBuilder: (_request, context) => ({
      ...errorBody(
        'RATE_LIMITED',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      ),
      statusCode: context.statusCode,
    }),
  });
  app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'onegrid server',
        description: '一网统管 command centre: live state, history, KPIs, registries and read-only SQL.',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          token: { type: 'apiKey', in: 'query', name: 'token' },
        },
      },
    },
    transform: zodToOpenApi,
  });
  app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
}
