/**
 * Exponential backoff with full jitter, capped. `random` is injected so tests are exact.
 * attempt 0 → up to `baseMs`, attempt n → up to min(capMs, baseMs·2ⁿ).
 */
export function backoffDelay(
  attempt: number,
  options: { baseMs: number; capMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * random());
}
