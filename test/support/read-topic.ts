// Reads a topic from its start to the end offsets it had when called, with a throwaway group.
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';

export interface ReadMessage {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Messages the topic holds, summed over partitions (end − start offsets). */
export async function topicSize(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

export async function readTopic(kafka: Kafka, topic: string, deadlineMs = 120_000): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<number, number>();
  for (const p of await admin.fetchTopicOffsets(topic)) {
    if (Number(p.high) > Number(p.low)) remaining.set(p.partition, Number(p.high));
  }
  const messages: ReadMessage[] = [];
  if (remaining.size === 0) {
    await admin.disconnect();
    return messages;
  }
  const groupId = `onegrid.test-read.${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const finished = new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = remaining.get(batch.partition);
            if (end === undefined) return;
            for (const m of batch.messages) {
              const offset = Number(m.offset);
              if (offset >= end) break;
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(m.headers ?? {}))
                headers[name] = String(value ?? '');
              messages.push({
                partition: batch.partition,
                offset,
                timestamp: Number(m.timestamp),
                value: m.value,
                headers,
              });
              if (offset + 1 >= end) remaining.delete(batch.partition);
            }
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await Promise.race([
      finished,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${topic}: not read to its end within ${deadlineMs} ms`)),
          deadlineMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return messages;
}
