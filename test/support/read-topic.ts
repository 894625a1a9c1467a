// Reads a topic from its start to the end offsets it had when called, with a throwaway group.
import { randomUUID } from 'node:crypto';
import type { KafkaAdmin as Admin, KafkaClient as Kafka, TopicReader } from '@onegrid/kafka';

export interface ReadMessage {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Messages the topic holds, summed over partitions (end − start offsets). */
export async function topicSize(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.topicOffsets(topic);
  return offsets.reduce((sum, p) => sum + p.high - p.low, 0);
}

export async function readTopic(kafka: Kafka, topic: string, deadlineMs = 120_000): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<number, number>();
  for (const p of await admin.topicOffsets(topic)) {
    if (p.high > p.low) remaining.set(p.partition, p.high);
  }
  const messages: ReadMessage[] = [];
  if (remaining.size === 0) {
    await admin.disconnect();
    return messages;
  }
  const groupId = `onegrid.test-read.${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | undefined;
  let reader: TopicReader | undefined;
  try {
    const finished = Promise.withResolvers<void>();
    reader = await kafka.read({
      groupId,
      topics: [topic],
      maxWaitMs: 200,
      onBatch: async (batch) => {
        const end = remaining.get(batch.partition);
        if (end === undefined) return;
        for (const m of batch.records) {
          if (m.offset >= end) break;
          messages.push({
            partition: batch.partition,
            offset: m.offset,
            timestamp: m.timestamp,
            value: m.value,
            headers: { ...m.headers },
          });
          if (m.offset + 1 >= end) remaining.delete(batch.partition);
        }
        if (remaining.size === 0) finished.resolve();
      },
    });
    await Promise.race([
      finished.promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${topic}: not read to its end within ${deadlineMs} ms`)),
          deadlineMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await reader?.stop();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return messages;
}
