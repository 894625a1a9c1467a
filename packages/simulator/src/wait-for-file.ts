import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves once `file` exists (`--events-after`: a signal from another process, the soak), polled
 * every `pollMs` (100 ms is nothing next to a storm's start). Rejects after `maxMs` with a message
 * that says which file never came and which option bounds the wait: a soak that died between
 * starting the simulator and writing the file must not leave it waiting for ever.
 */
export async function waitForFile(
  file: string,
  options: { readonly maxMs: number; readonly pollMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.maxMs;
  while (!existsSync(file)) {
    const left = deadline - Date.now();
    if (left <= 0)
      throw new Error(
        `--events-after: ${file} did not appear within ${options.maxMs / 1000} s (--events-after-max-s); the events were not published`,
      );
    await sleep(Math.min(options.pollMs ?? 100, left));
  }
}
