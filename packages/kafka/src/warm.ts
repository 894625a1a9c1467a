import type { KafkaProducer } from './adapter.ts';

/**
 * Warms a producer for the topics its process will write (`KafkaProducer.warm`) within `withinMs`:
 * true once warm, false when it failed or the bound passed (the warm-up goes on in the background;
 * a send does what is left). Never rejects: a start-up that waits on it waits at most the bound,
 * and a cluster slow to answer costs the first send its latency, nothing more.
 */
export async function warmProducer(
  producer: KafkaProducer,
  topics: readonly string[],
  options: { readonly withinMs: number; readonly onFailure?: (error: unknown) => void },
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), options.withinMs);
    timer.unref();
  });
  try {
    return await Promise.race([
      producer.warm(topics).then(
        () => true,
        (error: unknown) => {
          options.onFailure?.(error);
          return false;
        },
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
