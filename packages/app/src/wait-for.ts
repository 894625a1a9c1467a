/**
 * Polls `probe` until it returns true, with a deadline. A probe that throws counts as "not
 * yet"; the last error is kept so that the final message says why it never became ready.
 */
export async function waitFor(
  probe: () => Promise<boolean>,
  options: { deadlineMs: number; intervalMs?: number; what: string },
): Promise<void> {
  const deadline = performance.now() + options.deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${options.what} not ready after ${options.deadlineMs} ms${why}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}
