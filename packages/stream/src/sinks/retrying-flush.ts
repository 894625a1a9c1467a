import type { Logger } from '@onegrid/logging';
import { backoffDelay } from '../core/backoff.ts';

export interface RetryOptions {
  readonly baseMs: number;
  readonly capMs: number;
  /** Called between attempts: the source uses it to heartbeat and pause its partitions. */
  readonly onRetry?: (attempt: number, error: unknown) => void | Promise<void>;
}

/**
 * Runs `attempt` until it succeeds. A sink never drops rows: while its target is down it
 * keeps trying; the commit waits on it, and the batches once its buffer is full (bounded
 * memory, no loss).
 */
export async function retryUntilDone(
  what: string,
  attempt: () => Promise<void>,
  options: RetryOptions,
  logger: Logger,
  isClosed: () => boolean,
): Promise<void> {
  for (let n = 0; ; n++) {
    try {
      await attempt();
      if (n > 0) logger.info({ sink: what, attempts: n + 1 }, 'sink recovered');
      return;
    } catch (error) {
      if (isClosed()) throw error;
      const delay = backoffDelay(n, options, Math.random);
      logger.warn(
        { sink: what, attempt: n + 1, retryInMs: delay, err: error },
        'sink write failed; retrying',
      );
      await options.onRetry?.(n + 1, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
