import { setTimeout as delay } from 'node:timers/promises';
import type { KafkaAdmin, KafkaClient } from '@onegrid/kafka';
import { ProcessorsError } from '../errors.ts';

/** How often the groups are described while waiting (each look is two admin requests). */
const LOOK_EVERY_MS = 100;

/**
 * Resolves once, for each of `groupIds`, that consumer group (or one the reader chose in its
 * place, named `<id>.<suffix>`: a coordinator it can reach, a replacement after a crash) is
 * Stable and owns at least one partition: the reader has joined, been assigned, and fetches.
 *
 * Why: `KafkaClient.read` resolves once its consumer runs, before the group is joined; a reader
 * from the topics' end that joins late does not lose what came meanwhile (it seeks to where the
 * end was), but delivers it late, after the join. A screen process says "ready" only once every
 * reader on the screens' path delivers at once (issue 18: input → screen ≤ 1 s from the first
 * second). Rejects after `deadlineMs` naming the groups not assigned.
 */
export async function whenGroupsAssigned(
  kafka: KafkaClient,
  groupIds: readonly string[],
  options: { readonly deadlineMs?: number } = {},
): Promise<void> {
  if (groupIds.length === 0) return;
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const admin = kafka.admin();
  await admin.connect();
  try {
    let waiting = [...groupIds];
    for (;;) {
      waiting = await unassigned(admin, waiting);
      if (waiting.length === 0) return;
      if (Date.now() >= deadline)
        throw new ProcessorsError(
          'DEADLINE_PASSED',
          `consumer groups not joined and assigned within ${options.deadlineMs ?? 60_000} ms: ${waiting.join(', ')}`,
          { retriable: true },
        );
      await delay(LOOK_EVERY_MS);
    }
  } finally {
    await admin.disconnect();
  }
}

const named = (id: string, groupId: string) => id === groupId || id.startsWith(`${groupId}.`);

/** The groupIds with no Stable group owning a partition yet. */
async function unassigned(admin: KafkaAdmin, groupIds: readonly string[]): Promise<string[]> {
  const ids = (await admin.listGroups()).filter((id) => groupIds.some((g) => named(id, g)));
  const groups = ids.length === 0 ? [] : await admin.describeGroups(ids);
  const assigned = (groupId: string) =>
    groups.some(
      (g) =>
        named(g.groupId, groupId) &&
        g.state === 'Stable' &&
        g.members.some((m) => Object.values(m.assignment).some((partitions) => partitions.length > 0)),
    );
  return groupIds.filter((p) => !assigned(p));
}
