import type { BatchControl } from '@onegrid/kafka';

/** How long a batch may wait before its partition is paused, and how often the group hears from it. */
export const HEARTBEAT = { pauseAfterMs: 1_000, everyMs: 2_000 } as const;

/**
 * Awaits `work` (a sink that is full, an operator loading its state), heartbeating the group
 * meanwhile so the member is not taken for dead, and pausing the partition's fetches if it
 * takes long. Without a control (idle ticks, stopping) it simply awaits.
 */
export async function whileWaiting<T>(
  work: Promise<T>,
  control: BatchControl | undefined,
  timing: { readonly pauseAfterMs: number; readonly everyMs: number } = HEARTBEAT,
): Promise<T> {
  if (control === undefined) return work;
  let resume: (() => void) | undefined;
  const slow = setTimeout(() => {
    resume = control.pause();
  }, timing.pauseAfterMs);
  const beat = setInterval(() => {
    // A failed heartbeat means the group is rebalancing; the client rejoins by itself and
    // isStale() tells the batch, so there is nothing to do with the error here.
    control.heartbeat().catch(() => undefined);
  }, timing.everyMs);
  try {
    return await work;
  } finally {
    clearTimeout(slow);
    clearInterval(beat);
    resume?.();
  }
}
