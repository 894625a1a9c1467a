/**
 * Polls `probe` until it returns true, with a deadline. A probe that throws counts as "not
 * yet" unless `retriable` says the error is permanent (then it is thrown at once); the last
 * error is kept so that the final message says why it never became ready. `signal` ends the
 * wait between two probes (a process stopped while it waits is not held up by the deadline).
 */
export async function waitFor(
  probe: () => Promise<boolean>,
  options: {
    deadlineMs: number;
    intervalMs?: number;
    what: string;
    signal?: AbortSignal;
    /** Whether an error is worth another probe (default: every error is). */
    retriable?: (error: unknown) => boolean;
  },
): Promise<void> {
  const deadline = performance.now() + options.deadlineMs;
  const { signal } = options;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      if (await probe()) return;
    } catch (error) {
      if (options.retriable !== undefined && !options.retriable(error)) throw error;
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${options.what} not ready after ${options.deadlineMs} ms${why}`, { cause: lastError });
    }
    await pause(options.intervalMs ?? 500, signal);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts (at once if it has). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    // Aborted during the probe: no 'abort' event is coming (before: a whole interval waited).
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `work`, or a rejection with the signal's reason once it aborts first (the work goes on; its end
 * is ignored): a stop not held up by a request it cannot cancel.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
