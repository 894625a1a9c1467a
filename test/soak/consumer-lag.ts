// How far behind each of onegrid's consumer groups is, seen from outside the processes (the
// processors role has no HTTP port): committed offsets and their commit metadata, the topics'
// end offsets, and whether the group is Stable with every partition assigned.
import { ALL_TOPICS, INTERNAL_TOPICS, TOPICS } from '@onegrid/contracts';
import type { KafkaAdmin as Admin } from '@onegrid/kafka';

export interface ProcessorGroup {
  readonly group: string;
  readonly topic: string;
}

/** onegrid's processors and the topic each reads (packages/processors: catalogue and archives). */
export const PROCESSOR_GROUPS: readonly ProcessorGroup[] = [
  ...ALL_TOPICS.map((topic) => ({ group: `onegrid.archive.${topic}`, topic })),
  { group: 'onegrid.utility-inactivity', topic: INTERNAL_TOPICS.meterReadingsByHousehold },
  { group: 'onegrid.typhoon-risk', topic: INTERNAL_TOPICS.hazardByDistrict },
  { group: 'onegrid.ticket-response', topic: TOPICS.ticketEvents },
];

export interface GroupLag {
  readonly group: string;
  readonly topic: string;
  /** Messages after the group's position: end offset − max(committed, processed-through + 1). */
  readonly lag: number;
  /** The group's position summed over partitions (what it has read for sure). */
  readonly position: number;
  readonly end: number;
  readonly state: string;
  readonly members: number;
  /** Partitions of the topic that a member of the group owns. */
  readonly assigned: number;
  readonly partitions: number;
}

/**
 * The runtime commits min(oldest offset open windows need, next offset) with `{"p": processed
 * through}` in the metadata (packages/stream/src/processor.ts): a detector holding windows open
 * commits behind what it has read, so the position is the larger of the two.
 */
function positionOf(offset: number, metadata: string | null): number {
  let position = offset;
  if (metadata !== null && metadata !== '') {
    try {
      const mark = JSON.parse(metadata) as { p?: unknown };
      if (typeof mark.p === 'number') position = Math.max(position, mark.p + 1);
    } catch {
      // metadata of another tool: the offset alone
    }
  }
  return position;
}

export async function groupLags(admin: Admin, groups: readonly ProcessorGroup[]): Promise<GroupLag[]> {
  const topics = [...new Set(groups.map((g) => g.topic))];
  const ends = new Map<string, Map<number, { low: number; high: number }>>();
  await Promise.all(
    topics.map(async (topic) => {
      const offsets = await admin.topicOffsets(topic);
      ends.set(topic, new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }])));
    }),
  );
  const described = new Map(
    (await admin.describeGroups(groups.map((g) => g.group))).map((d) => [d.groupId, d]),
  );
  return Promise.all(
    groups.map(async ({ group, topic }) => {
      const byPartition = ends.get(topic) ?? new Map<number, { low: number; high: number }>();
      const committed = await admin.groupOffsets(group, topic);
      let lag = 0;
      let position = 0;
      let end = 0;
      for (const [partition, { low, high }] of byPartition) {
        const c = committed.find((p) => p.partition === partition);
        const at = Math.max(low, c === undefined ? -1 : positionOf(c.offset, c.metadata));
        lag += Math.max(0, high - at);
        position += at;
        end += high;
      }
      const description = described.get(group);
      let assigned = 0;
      for (const member of description?.members ?? []) assigned += member.assignment[topic]?.length ?? 0;
      return {
        group,
        topic,
        lag,
        position,
        end,
        state: description?.state ?? 'Unknown',
        members: description?.members.length ?? 0,
        assigned,
        partitions: byPartition.size,
      };
    }),
  );
}

/** Partitions whose in-sync replicas are fewer than their replicas, over the given topics. */
export async function underReplicated(admin: Admin, topics: readonly string[]): Promise<number> {
  const metadata = await admin.topicPartitions(topics);
  let n = 0;
  for (const partitions of metadata.values()) {
    for (const p of partitions) if (p.isr.length < p.replicas.length) n++;
  }
  return n;
}
