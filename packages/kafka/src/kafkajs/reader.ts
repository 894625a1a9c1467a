import type { IHeaders, Kafka } from 'kafkajs';
import type { ReadOptions, TopicReader } from '../adapter.ts';

export function headersText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) text[name] = Array.isArray(value) ? String(value[0] ?? '') : String(value);
  }
  return text;
}

/** TopicReader over a kafkajs consumer that never commits. */
export async function kafkajsRead(kafka: Kafka, options: ReadOptions): Promise<TopicReader> {
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: options.maxWaitMs ?? 250 });
  const deleteGroup = async () => {
    if (options.deleteGroupOnStop !== true) return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([options.groupId]);
    } finally {
      await admin.disconnect();
    }
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        await options.onBatch({
          topic: batch.topic,
          partition: batch.partition,
          lastOffset: Number(batch.lastOffset()),
          records: batch.messages.map((m) => ({
            offset: Number(m.offset),
            key: m.key,
            value: m.value,
            timestamp: Number(m.timestamp),
            headers: headersText(m.headers),
          })),
        });
      },
    });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  return {
    // kafkajs accepts a seek only once run() has started, which it has here.
    seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset: String(offset) }),
    async stop() {
      await consumer.disconnect();
      await deleteGroup();
    },
  };
}
