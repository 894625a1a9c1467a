// Reads a dead-letter topic to its end: each letter's reason code and source, from its headers.
import { randomUUID } from 'node:crypto';
import { DLQ_HEADERS } from '@onegrid/stream';
import type { Kafka } from 'kafkajs';

export interface Letter {
  readonly code: string;
  readonly reason: string;
  readonly sourceOffset: string;
  readonly bytes: number;
}

export async function readDeadLetters(kafka: Kafka, topic: string, deadlineMs = 60_000): Promise<Letter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<number, number>();
  for (const p of await admin.fetchTopicOffsets(topic)) {
    if (Number(p.high) > Number(p.low)) remaining.set(p.partition, Number(p.high));
  }
  const groupId = `onegrid.test-dlq.${randomUUID().slice(0, 8)}`;
  const letters: Letter[] = [];
  if (remaining.size > 0) {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const header = (name: string) => message.headers?.[name]?.toString() ?? '';
        letters.push({
          code: header(DLQ_HEADERS.code),
          reason: header(DLQ_HEADERS.reason),
          sourceOffset: header(DLQ_HEADERS.sourceOffset),
          bytes: message.value?.length ?? 0,
        });
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        if (remaining.size === 0) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        finished,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${topic}: not read to its end in ${deadlineMs} ms`)),
            deadlineMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  }
  await admin.disconnect();
  return letters;
}
