export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, factor: 2 };

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so that a room of wall screens does not reconnect in step after
 * a server restart. `random` is in [0, 1).
 */
export function backoffDelay(
  attempt: number,
  random: number,
  options: BackoffOptions = defaultBackoff,
): number {
  const exp = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
  return exp / 2 + (exp / 2) * random;
}
