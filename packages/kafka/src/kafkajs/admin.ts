import { type Admin, AssignerProtocol, type Kafka } from 'kafkajs';
import type { KafkaAdmin } from '../adapter.ts';

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
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor ?? -1,
          configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
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
