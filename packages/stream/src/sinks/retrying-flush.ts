import { retriableOf } from '@onegrid/errors';
import type { Logger } from '@onegrid/logging';
import { backoffDelay } from '../core/backoff.ts';
import { StreamError } from '../errors.ts';

export interface RetryOptions {
  readonly baseMs: number;
  readonly capMs: number;
  /** Called between attempts: the source uses it to heartbeat and pause its partitions. */
  readonly onRetry?: (attempt: number, error: unknown) => void | Promise<void>;
}

/**
 * Runs `attempt` until it succeeds, or until it fails in a way that says a retry cannot help.
 * While the target is down (`retriable: true`, or a failure nothing classifies, such as a
 * refused connection) the sink keeps trying with capped backoff: the commit waits on it, and
 * the batches once its buffer is full (bounded memory, no loss). A failure that says
 * `retriable: false` (the target refuses these rows) is thrown at once as `SINK_REJECTED`:
 * retrying it forever would hold the processor's offsets back for nothing.
 */
export async function retryUntilDone(
  what: string,
  attempt: () => Promise<void>,
  options: RetryOptions,
  logger: Logger,
  isClosed: () => boolean,
  random: () => number = Math.random,
): Promise<void> {
  for (let n = 0; ; n++) {
    try {
      await attempt();
      if (n > 0) logger.info({ sink: what, attempts: n + 1 }, 'sink recovered');
      return;
    } catch (error) {
      if (isClosed()) throw error;
      if (retriableOf(error) === false) {
        const message = error instanceof Error ? error.message : String(error);
        throw new StreamError('SINK_REJECTED', `sink ${what} refused a block: ${message}`, { cause: error });
      }
      const delay = backoffDelay(n, options, random);
      logger.warn(
        { sink: what, attempt: n + 1, retryInMs: delay, err: error },
        'sink write failed; retrying',
      );
      await options.onRetry?.(n + 1, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
