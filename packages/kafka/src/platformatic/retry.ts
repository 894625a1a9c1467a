import { findErrorBy } from '@platformatic/kafka';

/**
 * Delay before retry `attempt` (1-based): doubling from 200 ms up to 10 s, ±20 % jitter, as
 * kafkajs's retrier. 8 retries wait ~33 s in all: longer than the controller takes to fence a
 * dead broker (broker.session.timeout.ms, 9 s) and move its leaders. A fixed 200 ms gave up
 * after ~2 s, so every fetch to a killed leader failed before its partitions had moved.
 */
export function retryDelay(attempt: number): number {
  const base = Math.min(10_000, 200 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * Retries of a produce: 11 after the first try wait ~63 s in all (200 ms doubling to 10 s), as
 * long as kafkajs keeps retrying one send through a broker kill (~51 s measured in the soak).
 * The 8 of other requests (~33 s) outlast the controller's fencing of a dead node (9 s) but not
 * a loaded machine's: the soak's producer gave up 45 s after the kill. The client retries a
 * produce with the same producer id, epoch and sequence numbers, so the broker writes a record
 * retried after a lost answer once; a send that gives up makes it start a new producer id.
 */
export const PRODUCE_RETRIES = 11;

/** The error names the group coordinator as moved or unreachable: look it up again and retry. */
export function coordinatorMoved(error: unknown): boolean {
  return (
    has(error, 'apiId', 'NOT_COORDINATOR') ||
    has(error, 'apiId', 'COORDINATOR_NOT_AVAILABLE') ||
    has(error, 'apiId', 'COORDINATOR_LOAD_IN_PROGRESS') ||
    has(error, 'code', 'PLT_KFK_NETWORK')
  );
}

/** The member's generation is over (a rebalance): its commits are refused for good. */
export function generationEnded(error: unknown): boolean {
  return has(error, 'needsRejoin', true);
}

/** The client's errors nest (MultipleErrors of retries, ResponseError of per-partition codes). */
const has = (error: unknown, property: string, value: unknown): boolean =>
  error instanceof Error && findErrorBy(error, property, value) !== null;

/**
 * The protocol error ids nested in the client's errors (MultipleErrors of retries holding
 * ResponseErrors of per-partition codes), for messages: pino does not expand them.
 */
export function protocolReasons(error: unknown): string[] {
  const ids = new Set<string>();
  const walk = (e: unknown, depth: number) => {
    if (depth > 6 || e === null || typeof e !== 'object') return;
    const { apiId, errors } = e as { apiId?: unknown; errors?: unknown };
    if (typeof apiId === 'string') ids.add(apiId);
    if (Array.isArray(errors)) for (const inner of errors) walk(inner, depth + 1);
  };
  walk(error, 0);
  return [...ids];
}
