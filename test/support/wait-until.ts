/**
 * Polls `probe` until it returns a value other than undefined, or fails after `deadlineMs`
 * with `describe()` saying what was last seen. The only way tests wait: for a condition.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: { deadlineMs: number; intervalMs?: number; describe: () => string | Promise<string> },
): Promise<T> {
  const deadline = performance.now() + options.deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) {
      throw new Error(`condition not met within ${options.deadlineMs} ms: ${await options.describe()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
