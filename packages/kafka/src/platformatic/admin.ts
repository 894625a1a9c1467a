import { Admin, type ClusterMetadata } from '@platformatic/kafka';
import type { KafkaAdmin, PartitionOffsets } from '../adapter.ts';
import type { PlatformaticBase } from './base.ts';

const LATEST = -1n;
const EARLIEST = -2n;

/** KafkaAdmin over a @platformatic/kafka admin client (it connects on first use). */
export function platformaticAdmin(base: PlatformaticBase): KafkaAdmin {
  const admin = new Admin({ ...base });
  const metadata = (topics: readonly string[]): Promise<ClusterMetadata> =>
    admin.metadata({ topics: [...topics], forceUpdate: true });
  const offsetsAt = async (topic: string, timestamp: bigint): Promise<Map<number, bigint>> => {
    const count = (await metadata([topic])).topics.get(topic)?.partitionsCount ?? 0;
    const [listed] = await admin.listOffsets({
      topics: [
        {
          name: topic,
          partitions: Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp })),
        },
      ],
    });
    return new Map((listed?.partitions ?? []).map((p) => [p.partitionIndex, p.offset]));
  };
  return {
    async connect() {
      await admin.metadata({ topics: [] });
    },
    disconnect: () => admin.close(),
    async describeCluster() {
      const m = await admin.metadata({ topics: [], forceUpdate: true });
      return { brokers: m.brokers.size, controller: m.controllerId };
    },
    listTopics: () => admin.listTopics(),
    async createTopics(topics) {
      // One request per topic: partitions, replicas and config are per request in this client.
      for (const t of topics) {
        await admin.createTopics({
          topics: [t.topic],
          partitions: t.partitions,
          replicas: t.replicationFactor ?? -1,
          configs: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
        });
      }
      await untilLeaders(
        admin,
        topics.map((t) => t.topic),
      );
    },
    async createPartitions(topics) {
      await admin.createPartitions({ topics: topics.map((t) => ({ name: t.topic, count: t.count })) });
    },
    async deleteTopics(topics) {
      await admin.deleteTopics({ topics: [...topics] });
    },
    async topicPartitions(topics) {
      const m = await metadata(topics);
      return new Map(
        [...m.topics].map(([name, t]) => [
          name,
          t.partitions.map((p, partition) => ({
            partition,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
          })),
        ]),
      );
    },
    async topicOffsets(topic) {
      const [low, high] = await Promise.all([offsetsAt(topic, EARLIEST), offsetsAt(topic, LATEST)]);
      return [...high].map(
        ([partition, h]): PartitionOffsets => ({
          partition,
          low: Number(low.get(partition) ?? 0n),
          high: Number(h),
        }),
      );
    },
    async offsetsAtTime(topic, timestampMs) {
      const at = await offsetsAt(topic, BigInt(timestampMs));
      return [...at].map(([partition, offset]) => ({ partition, offset: Number(offset) }));
    },
    async deleteRecords(topic, partitions) {
      await admin.deleteRecords({
        topics: [
          {
            name: topic,
            partitions: partitions.map((p) => ({ partition: p.partition, offset: BigInt(p.offset) })),
          },
        ],
      });
    },
    async groupOffsets(groupId, topic) {
      const count = (await metadata([topic])).topics.get(topic)?.partitionsCount ?? 0;
      const [group] = await admin.listConsumerGroupOffsets({
        groups: [
          {
            groupId,
            topics: [{ name: topic, partitionIndexes: Array.from({ length: count }, (_, i) => i) }],
          },
        ],
      });
      const listed = group?.topics.find((t) => t.name === topic)?.partitions ?? [];
      return listed.map((p) => ({
        partition: p.partitionIndex,
        offset: Number(p.committedOffset),
        metadata: p.metadata ?? null,
      }));
    },
    async listGroups() {
      return [...(await admin.listGroups()).keys()];
    },
    async describeGroups(groupIds) {
      const groups = await admin.describeGroups({ groups: [...groupIds] });
      return [...groups.values()].map((g) => ({
        groupId: g.id,
        state: g.state,
        members: [...g.members.values()].map((m) => ({
          memberId: m.id,
          assignment: Object.fromEntries(
            [...(m.assignments ?? new Map())].map(([t, a]) => [t, a.partitions]),
          ),
        })),
      }));
    },
    async deleteGroups(groupIds) {
      if (groupIds.length > 0) await admin.deleteGroups({ groups: [...groupIds] });
    },
  };
}

/** "Created" means usable: KRaft brokers learn new partitions' leaders a moment later. */
async function untilLeaders(admin: Admin, topics: readonly string[], deadlineMs = 15_000): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    try {
      const m = await admin.metadata({ topics: [...topics], forceUpdate: true });
      if (topics.every((t) => m.topics.get(t)?.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
    }
    if (performance.now() > deadline)
      throw new Error(`no leaders for ${topics.join(', ')} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
