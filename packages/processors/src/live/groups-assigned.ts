import { setTimeout as delay } from 'node:timers/promises';
import type { GroupDescription, KafkaClient } from '@onegrid/kafka';
import { ProcessorsError } from '../errors.ts';

/** How often the known groups are described while waiting (one DescribeGroups to their coordinators). */
const LOOK_EVERY_MS = 100;
/**
 * How often the groups are listed to find one a reader chose in place of its id (a ListGroups to
 * every broker: not at the describe's rate).
 */
const LIST_EVERY_MS = 1_000;

/**
 * Resolves once, for each of `groupIds`, that consumer group (or one the reader chose in its
 * place, named `<id>.<suffix>`: a coordinator it can reach, a replacement after a crash) is
 * Stable and owns at least one partition: the reader has joined, been assigned, and fetches.
 *
 * Why: `KafkaClient.read` resolves once its consumer runs, before the group is joined; a reader
 * from the topics' end that joins late does not lose what came meanwhile (it seeks to where the
 * end was), but delivers it late, after the join. A screen process says "ready" only once every
 * reader on the screens' path delivers at once (issue 18: input → screen ≤ 1 s from the first
 * second). Rejects after `deadlineMs` naming the groups not assigned and the last admin error:
 * an admin request that fails (a broker fenced, a coordinator moving) is tried again at the next
 * look, and none outlasts the deadline (kafkajs's own retries would).
 */
export async function whenGroupsAssigned(
  kafka: KafkaClient,
  groupIds: readonly string[],
  options: {
    readonly deadlineMs?: number;
    /** Ends the wait (rejecting) when its process stops before the groups are assigned. */
    readonly signal?: AbortSignal;
  } = {},
): Promise<void> {
  if (groupIds.length === 0) return;
  const within = options.deadlineMs ?? 60_000;
  const deadline = Date.now() + within;
  const admin = kafka.admin();
  let connected = false;
  let lastError: unknown;
  try {
    let waiting = [...groupIds];
    // Groups found by listing whose names a reader may have chosen instead of the id it was given.
    let found: string[] = [];
    let listedAt = Number.NEGATIVE_INFINITY;
    for (;;) {
      options.signal?.throwIfAborted();
      try {
        if (!connected) {
          await beforeDeadline(admin.connect(), deadline, options.signal);
          connected = true;
        }
        if (Date.now() - listedAt >= LIST_EVERY_MS) {
          const listed = await beforeDeadline(admin.listGroups(), deadline, options.signal);
          found = listed.filter((id) => !waiting.includes(id) && waiting.some((g) => named(id, g)));
          listedAt = Date.now();
        }
        const groups = await beforeDeadline(
          admin.describeGroups([...waiting, ...found]),
          deadline,
          options.signal,
        );
        waiting = waiting.filter((g) => !assigned(g, groups));
        if (waiting.length === 0) return;
      } catch (error) {
        lastError = error;
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new ProcessorsError(
          'DEADLINE_PASSED',
          `consumer groups not joined and assigned within ${within} ms: ${waiting.join(', ')}${
            lastError === undefined ? '' : ` (last admin error: ${(lastError as Error).message})`
          }`,
          { retriable: true, ...(lastError === undefined ? {} : { cause: lastError }) },
        );
      await delay(Math.min(LOOK_EVERY_MS, left), undefined, { signal: options.signal });
    }
  } finally {
    if (connected) await admin.disconnect().catch(() => undefined);
  }
}

/**
 * `request`, or a rejection once `deadline` passes or `signal` aborts (the request itself may go
 * on; its end is ignored). The timer is unref'd: a stopped wait never keeps a process alive.
 */
async function beforeDeadline<T>(request: Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
  request.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProcessorsError('DEADLINE_PASSED', 'admin request still unanswered at the deadline')),
      Math.max(0, deadline - Date.now()),
    );
    timer.unref();
    onAbort = () => reject(signal?.reason ?? new Error('aborted'));
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([request, late]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}

const named = (id: string, groupId: string) => id === groupId || id.startsWith(`${groupId}.`);

/**
 * Which incarnation of a reader a group is: the reader's replacement consumers join
 * `<id>.r<n>` (kafkajs/reader.ts), possibly with a coordinator's suffix; `<id>` and `<id>.<k>`
 * are its first. Only the newest counts: an older one may still be Stable with the member that
 * crashed (its LeaveGroup went to a dead coordinator) until its session expires, and is not ours.
 */
export function incarnation(id: string, groupId: string): number {
  const match = /^\.r(\d+)(?:\.|$)/.exec(id.slice(groupId.length));
  return match === null ? 0 : Number(match[1]);
}

/** Whether the newest incarnation among `groups` of `groupId` is Stable and owns a partition. */
export function assigned(groupId: string, groups: readonly GroupDescription[]): boolean {
  const mine = groups.filter((g) => named(g.groupId, groupId) && g.state !== 'Dead');
  const newest = Math.max(...mine.map((g) => incarnation(g.groupId, groupId)));
  return mine.some(
    (g) =>
      incarnation(g.groupId, groupId) === newest &&
      g.state === 'Stable' &&
      g.members.some((m) => Object.values(m.assignment).some((partitions) => partitions.length > 0)),
  );
}
