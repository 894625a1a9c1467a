import { setTimeout as delay } from 'node:timers/promises';
import { type Admin, AssignerProtocol, type Kafka } from 'kafkajs';
import type { KafkaAdmin } from '../adapter.ts';
import { KafkaAdapterError } from '../errors.ts';

/** The metadata answers of a topic whose partitions have no leader yet, seen through kafkajs's retry wrapper. */
const LEADER_PENDING = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
]);

function leaderNotYetKnown(error: unknown): boolean {
  for (let e = error as { type?: unknown; originalError?: unknown } | undefined; e; ) {
    if (typeof e.type === 'string' && LEADER_PENDING.has(e.type)) return true;
    e = e.originalError as typeof e;
  }
  return false;
}

const LEADER_WAIT_MS = 60_000;

/** Until every partition of `topics` has a leader, or a clear error after LEADER_WAIT_MS. */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = performance.now() + LEADER_WAIT_MS;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const led = found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (led && found.length === topics.length) return;
    } catch (error) {
      if (!leaderNotYetKnown(error)) throw error;
    }
    if (performance.now() > deadline)
      throw new KafkaAdapterError(
        'TOPIC_LEADERS_MISSING',
        `no leader for every partition of ${topics.join(', ')} after ${LEADER_WAIT_MS / 1000} s`,
        { retriable: true },
      );
    await delay(pause);
  }
}

/** KafkaAdmin over a kafkajs admin client. */
export function kafkajsAdmin(kafka: Kafka): KafkaAdmin {
  const admin: Admin = kafka.admin();
  return {
    connect: () => admin.connect(),
    disconnect: () => admin.disconnect(),
    async describeCluster() {
      const cluster = await admin.describeCluster();
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    },
    listTopics: () => admin.listTopics(),
    async createTopics(topics) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((t) => ({
            topic: t.topic,
            numPartitions: t.partitions,
            replicationFactor: t.replicationFactor ?? -1,
            configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
          })),
        });
      } catch (error) {
        // kafkajs's own wait for leaders gives up after a few metadata retries; a loaded broker
        // can take longer to elect them ("This server does not host this topic-partition").
        if (!leaderNotYetKnown(error)) throw error;
      }
      await waitForLeaders(
        admin,
        topics.map((t) => t.topic),
      );
    },
    async createPartitions(topics) {
      await admin.createPartitions({
        topicPartitions: topics.map((t) => ({ topic: t.topic, count: t.count })),
      });
    },
    async deleteTopics(topics) {
      await admin.deleteTopics({ topics: [...topics] });
    },
    async topicPartitions(topics) {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      return new Map(
        metadata.topics.map((t) => [
          t.name,
          t.partitions
            .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
            .sort((a, b) => a.partition - b.partition),
        ]),
      );
    },
    async topicOffsets(topic) {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) }));
    },
    async offsetsAtTime(topic, timestampMs) {
      const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestampMs);
      return offsets.map((p) => ({ partition: p.partition, offset: Number(p.offset) }));
    },
    async deleteRecords(topic, partitions) {
      await admin.deleteTopicRecords({
        topic,
        partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })),
      });
    },
    async groupOffsets(groupId, topic) {
      const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (result?.partitions ?? []).map((p) => ({
        partition: p.partition,
        offset: Number(p.offset),
        metadata: p.metadata,
      }));
    },
    async listGroups() {
      return (await admin.listGroups()).groups.map((g) => g.groupId);
    },
    async describeGroups(groupIds) {
      const { groups } = await admin.describeGroups([...groupIds]);
      return groups.map((g) => ({
        groupId: g.groupId,
        state: g.state,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          assignment:
            m.memberAssignment.length === 0
              ? {}
              : (AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}),
        })),
      }));
    },
    async deleteGroups(groupIds) {
      if (groupIds.length > 0) await admin.deleteGroups([...groupIds]);
    },
  };
}
