import type { Logger } from '@onegrid/logging';
import type { ComponentHealth } from '@onegrid/server';

/**
 * Whether a process is warm, for `/health/ready` alone (ServerDeps.warm): each part a promise that
 * resolves true once it is (its readers assigned, its registries read) or false once it gave up
 * on its own bound. Not warm while a part waits; warm once each is; past `withinMs`, or with a
 * part that gave up, ready anyway and `degraded`, naming the parts, and said in the log (Feeds are
 * independent: a part that never warms does not keep the rest from serving).
 *
 * Why not wait before listening: `/health/live` must answer from the start, or an orchestrator's
 * start-up probe kills a process still waiting for a slow cluster (infra/k8s/app/server.yaml).
 */
export function watchWarmth(
  parts: Readonly<Record<string, Promise<boolean>>>,
  options: { readonly withinMs: number; readonly logger: Logger },
): () => ComponentHealth {
  const { logger, withinMs } = options;
  const started = Date.now();
  const waiting = new Set(Object.keys(parts));
  const gaveUp = new Set<string>();
  let late = false;
  const settled = () => {
    if (waiting.size > 0) return;
    clearTimeout(timer);
    if (gaveUp.size === 0) logger.info({ ms: Date.now() - started }, 'warm: ready');
  };
  const timer = setTimeout(() => {
    if (waiting.size === 0) return;
    late = true;
    logger.warn(
      { ms: withinMs, waiting: [...waiting] },
      'not warm in time; ready anyway, degraded (/health/ready says which part)',
    );
  }, withinMs);
  timer.unref();
  for (const [name, done] of Object.entries(parts))
    void done
      .catch(() => false)
      .then((ok) => {
        waiting.delete(name);
        if (!ok) {
          gaveUp.add(name);
          logger.warn({ part: name }, 'warm: a part gave up waiting; ready without it, degraded');
        }
        settled();
      });
  return () => {
    if (waiting.size > 0 && !late)
      return { ok: false, error: `warming: ${[...waiting].join(', ')}`, waiting: [...waiting] };
    const cold = [...gaveUp, ...waiting];
    return cold.length === 0
      ? { ok: true }
      : { ok: true, degraded: true, error: `not warm (gave up waiting): ${cold.join(', ')}`, cold };
  };
}
