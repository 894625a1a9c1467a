import type { FastifyInstance } from 'fastify';
import type { ComponentHealth, ProcessorStatus, ServerDeps } from '../deps.ts';

const CHECK_DEADLINE_MS = 3_000;

/** What the health routes read: the server's and the processors-only ops server's alike. */
export interface HealthDeps {
  readonly healthChecks: ServerDeps['healthChecks'];
  readonly processors?: ServerDeps['processors'];
  /** `ONEGRID_READY_MAX_LAG`: `/health/ready` fails while a processor lags more. */
  readonly readyMaxLag: number;
  /** Whether the process is warm (ServerDeps.warm); `/health/ready` only. */
  readonly warm?: ServerDeps['warm'];
}

/**
 * `/health/live`: the process is up. `/health`: every dependency answers, and the processors
 * (when this process runs some) report their lag and watermark; 503 with the failing one named
 * when not, so a load balancer and a person read the same answer. `/health/ready`: that, and
 * every processor within `ONEGRID_READY_MAX_LAG` messages of its input's end, and the process
 * warm (`warm`: its readers assigned; ready but `degraded` when it gave up waiting).
 * All three are open (no token): they carry no data, and load balancers have none.
 */
export function healthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const open = { permission: 'public' as const, rateLimit: false as const };

  app.get(
    '/health/live',
    { config: open, schema: { tags: ['health'], summary: 'The process is up' } },
    async () => ({
      status: 'ok',
    }),
  );

  app.get(
    '/health',
    { config: open, schema: { tags: ['health'], summary: 'Every dependency answers' } },
    async (_r, reply) => {
      const [checks, processors] = await Promise.all([runChecks(deps), processorsReport(deps)]);
      const components = processors === undefined ? checks : { ...checks, processors: processors.health };
      const ok = Object.values(components).every((c) => c.ok);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', components });
    },
  );

  app.get(
    '/health/ready',
    { config: open, schema: { tags: ['health'], summary: 'Dependencies answer and processors keep up' } },
    async (_r, reply) => {
      const [components, processors] = await Promise.all([runChecks(deps), processorsHealth(deps)]);
      const all = {
        ...components,
        ...(processors === undefined ? {} : { processors }),
        ...(deps.warm === undefined ? {} : { warm: deps.warm() }),
      };
      const ok = Object.values(all).every((c) => c.ok);
      // Ready but degraded (a part gave up waiting, Feeds are independent): 200, and it says so.
      const degraded = Object.values(all).some((c) => c.degraded === true);
      return reply
        .code(ok ? 200 : 503)
        .send({ status: ok ? (degraded ? 'degraded' : 'ready') : 'not_ready', components: all });
    },
  );
}

async function runChecks(deps: HealthDeps): Promise<Record<string, ComponentHealth>> {
  const names = Object.keys(deps.healthChecks);
  const results = await Promise.all(names.map((name) => withDeadline(deps.healthChecks[name])));
  return Object.fromEntries(names.map((name, i) => [name, results[i] ?? { ok: false, error: 'no result' }]));
}

/** The processors' lag and watermark as they report them; fails when they do not answer or one has stopped on a failure. */
async function processorsReport(
  deps: HealthDeps,
): Promise<{ health: ComponentHealth; statuses: readonly ProcessorStatus[] } | undefined> {
  const list = deps.processors;
  if (list === undefined) return undefined;
  let statuses: readonly ProcessorStatus[] = [];
  const health = await withDeadline(async () => {
    statuses = await list();
    const failed = statuses.filter((p) => p.failure !== undefined);
    return failed.length === 0
      ? { ok: true, processors: statuses }
      : {
          ok: false,
          error: `stopped on a failure: ${failed.map((p) => `${p.name} (${p.failure?.code})`).join(', ')}`,
          processors: statuses,
        };
  });
  return { health, statuses };
}

async function processorsHealth(deps: HealthDeps): Promise<ComponentHealth | undefined> {
  const report = await processorsReport(deps);
  if (report === undefined || !report.health.ok) return report?.health;
  const bound = deps.readyMaxLag;
  const statuses = report.statuses;
  const behind = statuses.filter((p) => p.lag > bound).map((p) => `${p.name} (lag ${p.lag})`);
  return behind.length === 0
    ? { ok: true, max_lag: bound, processors: statuses }
    : { ok: false, max_lag: bound, processors: statuses, error: `lag over ${bound}: ${behind.join(', ')}` };
}

async function withDeadline(check: (() => Promise<ComponentHealth>) | undefined): Promise<ComponentHealth> {
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
