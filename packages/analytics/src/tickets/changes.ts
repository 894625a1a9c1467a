/** A condition switching on or off at event time `t`. */
export interface Change {
  readonly t: number;
  readonly on: boolean;
}

/**
 * When "`start` has passed and nothing blocks it" switches on and off, for a condition whose
 * blocking can change only at the `candidates` times. Between two consecutive points the
 * condition is constant, so evaluating it at each point is exact.
 */
export function changePoints(
  start: number,
  candidates: readonly number[],
  blocked: (w: number) => boolean,
): Change[] {
  const times = [...new Set([start, ...candidates.filter((t) => t > start)])].sort((a, b) => a - b);
  const out: Change[] = [];
  let previous = false;
  for (const t of times) {
    const on = !blocked(t);
    if (on !== previous) {
      out.push({ t, on });
      previous = on;
    }
  }
  return out;
}

/** How many of the sorted `times` are ≤ `w`. */
export function countAtOrBefore(times: readonly number[], w: number): number {
  let n = 0;
  while (n < times.length && (times[n] as number) <= w) n++;
  return n;
}

/** The first of the `times` after `w`, or +∞. */
export function nextAfter(times: Iterable<number>, w: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const t of times) if (t > w && t < next) next = t;
  return next;
}
