import type { FastifyInstance } from 'fastify';
import type { ComponentHealth, ServerDeps } from '../deps.ts';

const CHECK_DEADLINE_MS = 3_000;

/**
 * `/health/live`: the process is up. `/health`: every dependency answers; 503 with the
 * failing one named when not, so a load balancer and a person read the same answer.
 */
export function healthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/health', async (_request, reply) => {
    const names = Object.keys(deps.healthChecks);
    const results = await Promise.all(names.map((name) => runCheck(deps.healthChecks[name])));
    const components = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ok = results.every((r) => r?.ok === true);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', components });
  });
}

async function runCheck(check: (() => Promise<ComponentHealth>) | undefined): Promise<ComponentHealth> {
  if (check === undefined) return { ok: false, error: 'no check' };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ComponentHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${CHECK_DEADLINE_MS} ms` }),
      CHECK_DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([
      check().catch((error: Error) => ({ ok: false, error: error.message })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
