import type { GroupDescription, KafkaAdmin, KafkaClient } from '@onegrid/kafka';
import { describe, expect, it } from 'vitest';
import { assigned, incarnation, whenGroupsAssigned } from './groups-assigned.ts';

const stable = (groupId: string): GroupDescription => ({
  groupId,
  state: 'Stable',
  members: [{ memberId: 'm', assignment: { t: [0] } }],
});
const joining = (groupId: string): GroupDescription => ({
  groupId,
  state: 'PreparingRebalance',
  members: [],
});

/** An admin answering listGroups/describeGroups from scripts (the wait's own logic; e2e: push-feed-ready). */
function scripted(answers: {
  list: () => Promise<string[]>;
  describe: (ids: readonly string[]) => Promise<GroupDescription[]>;
}): { kafka: KafkaClient; calls: { list: number; describe: number; disconnected: number } } {
  const calls = { list: 0, describe: 0, disconnected: 0 };
  const admin = {
    connect: async () => undefined,
    disconnect: async () => {
      calls.disconnected++;
    },
    listGroups: () => {
      calls.list++;
      return answers.list();
    },
    describeGroups: (ids: readonly string[]) => {
      calls.describe++;
      return answers.describe(ids);
    },
  } as unknown as KafkaAdmin;
  return { kafka: { admin: () => admin } as unknown as KafkaClient, calls };
}

describe('whenGroupsAssigned', () => {
  it('goes on after a transient admin error instead of ending the wait', async () => {
    let looks = 0;
    const { kafka, calls } = scripted({
      list: async () => ['g'],
      describe: async (ids) => {
        looks++;
        if (looks === 1) throw new Error('NOT_COORDINATOR: broker fenced');
        return ids.map((id) => (looks >= 3 ? stable(id) : joining(id)));
      },
    });
    await expect(whenGroupsAssigned(kafka, ['g'], { deadlineMs: 30_000 })).resolves.toBeUndefined();
    expect(looks).toBe(3);
    // Listed once (1 s apart at most), described at each look.
    expect(calls.list).toBe(1);
    expect(calls.disconnected).toBe(1);
  });

  it('ends at the deadline while a request hangs, naming the group and the last error', async () => {
    const { kafka } = scripted({
      list: async () => [],
      describe: () => new Promise<GroupDescription[]>(() => undefined),
    });
    await expect(whenGroupsAssigned(kafka, ['g'], { deadlineMs: 150 })).rejects.toThrow(
      /not joined and assigned within 150 ms: g \(last admin error: admin request still unanswered/,
    );
  });

  it('finds a group the reader chose in place of its id by listing', async () => {
    const { kafka } = scripted({
      list: async () => ['other', 'g.3'],
      describe: async (ids) => ids.map((id) => (id === 'g.3' ? stable(id) : joining(id))),
    });
    await expect(whenGroupsAssigned(kafka, ['g'], { deadlineMs: 30_000 })).resolves.toBeUndefined();
  });
});

describe('assigned', () => {
  it("counts only the reader's newest incarnation: an old group Stable with a dead member is not it", () => {
    expect(incarnation('g', 'g')).toBe(0);
    expect(incarnation('g.4', 'g')).toBe(0);
    expect(incarnation('g.r2', 'g')).toBe(2);
    expect(incarnation('g.r2.5', 'g')).toBe(2);
    expect(assigned('g', [stable('g'), joining('g.r1')])).toBe(false);
    expect(assigned('g', [stable('g'), stable('g.r1')])).toBe(true);
    expect(assigned('g', [stable('g.7')])).toBe(true);
    expect(assigned('g', [stable('gx')])).toBe(false);
    expect(assigned('g', [{ ...stable('g'), members: [{ memberId: 'm', assignment: { t: [] } }] }])).toBe(
      false,
    );
  });
});
