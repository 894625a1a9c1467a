import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { CommittedOffset, ConsumerClient, ConsumerHandlers } from './consumer-client.ts';

export interface KafkajsConsumerOptions {
  readonly groupId: string;
  readonly topic: string;
  readonly fromBeginning?: boolean;
  readonly maxBytesPerPartition?: number;
}

/** ConsumerClient over a kafkajs consumer group, committing by hand with metadata. */
export function kafkajsConsumer(kafka: Kafka, options: KafkajsConsumerOptions): ConsumerClient {
  const { groupId, topic } = options;
  let consumer: Consumer | undefined;
  let admin: Admin | undefined;

  return {
    async start(handlers: ConsumerHandlers) {
      admin = kafka.admin();
      await admin.connect();
      consumer = kafka.consumer({
        groupId,
        // A crashed member is noticed after this long; its partitions then move to the others.
        sessionTimeout: 10_000,
        rebalanceTimeout: 60_000,
        heartbeatInterval: 3_000,
        maxWaitTimeInMs: 250,
        maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
        allowAutoTopicCreation: false,
      });
      consumer.on(consumer.events.REBALANCING, () => handlers.onRebalancing());
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        handlers.onAssignment(event.payload.memberAssignment[topic] ?? []);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isStale }) => {
          if (batch.messages.length === 0) return;
          await handlers.onBatch(
            {
              topic: batch.topic,
              partition: batch.partition,
              highWatermark: Number(batch.highWatermark),
              messages: batch.messages.map((m) => ({ offset: Number(m.offset), key: m.key, value: m.value })),
            },
            { heartbeat, pause, isStale },
          );
          resolveOffset(batch.lastOffset());
        },
      });
    },

    async committed(partition: number): Promise<CommittedOffset | undefined> {
      if (admin === undefined) throw new Error('consumer not started');
      const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const entry = result?.partitions.find((p) => p.partition === partition);
      if (entry === undefined || Number(entry.offset) < 0) return undefined;
      return { offset: Number(entry.offset), metadata: entry.metadata };
    },

    async commit(points) {
      if (consumer === undefined || points.length === 0) return;
      await consumer.commitOffsets(
        points.map((p) => ({
          topic,
          partition: p.partition,
          offset: String(p.offset),
          metadata: p.metadata,
        })),
      );
    },

    async stop() {
      await consumer?.disconnect();
      await admin?.disconnect();
    },
  };
}
