/** One step of a test's clean-up: what it stops (named in the report), how, and its bound. */
export interface CleanUpStep {
  readonly name: string;
  readonly run: () => unknown;
  /** How long the step may take before the clean-up goes on without it (default 60 s). */
  readonly boundMs?: number;
}

const DEFAULT_BOUND_MS = 60_000;

/** Settles with the step, or rejects once `boundMs` passed (the step itself cannot be cancelled). */
async function bounded(step: CleanUpStep): Promise<void> {
  const boundMs = step.boundMs ?? DEFAULT_BOUND_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(step.run),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${boundMs} ms`)), boundMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs every step in order, each whatever the ones before did: a finally whose first step threw
 * (a broker restart that failed) skipped the rest and left readers, producers and children
 * running into the next file. A step that does not end within its bound is left behind. Throws
 * afterwards, naming every step that failed; `failure` is the test's own error, if it failed, so
 * that a clean-up error does not hide it (a finally's throw replaces the try's).
 *
 *     let failure: unknown;
 *     try { ... } catch (error) { failure = error; throw error; }
 *     finally { await cleanUp([{ name: 'reader', run: () => reader.stop() }, ...], failure); }
 */
export async function cleanUp(
  steps: readonly (CleanUpStep | false | undefined)[],
  failure?: unknown,
): Promise<void> {
  const errors: Error[] = [];
  for (const step of steps) {
    if (step === false || step === undefined) continue;
    try {
      await bounded(step);
    } catch (error) {
      errors.push(new Error(`clean-up step "${step.name}": ${message(error)}`, { cause: error }));
    }
  }
  if (errors.length === 0) return;
  const summary = errors.map((e) => e.message).join('\n');
  if (failure === undefined) throw new AggregateError(errors, summary);
  throw new AggregateError([failure, ...errors], `${message(failure)}\n(and then)\n${summary}`, {
    cause: failure,
  });
}
