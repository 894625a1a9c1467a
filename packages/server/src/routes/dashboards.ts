import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const SCREENS = { '/': 'index.html', '/kpi': 'kpi.html' } as const;

/**
 * The built screens: `/` the big screen, `/kpi` the KPI wall, their assets beside them. They
 * hold no data (the data comes through the feed with a token), so they are public. When the
 * folder has not been built the two pages say how to build it instead of failing.
 */
export function dashboardRoutes(app: FastifyInstance, dir: string): void {
  const open = { permission: 'public' as const };
  if (!existsSync(join(dir, 'index.html'))) {
    for (const url of Object.keys(SCREENS)) {
      app.get(url, { config: open, schema: { hide: true } }, async (_request, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(
            `大屏尚未构建 / screens not built: no ${join(dir, 'index.html')}. Run: pnpm --filter @onegrid/screens build`,
          ),
      );
    }
    return;
  }
  app.register(fastifyStatic, { root: dir, prefix: '/', index: false, wildcard: true });
  for (const [url, file] of Object.entries(SCREENS)) {
    app.get(url, { config: open, schema: { hide: true } }, async (_request, reply) => reply.sendFile(file));
  }
}
