// Reads a dead-letter topic to its end: each letter's reason code and source, from its headers.

import type { KafkaClient as Kafka } from '@onegrid/kafka';
import { DLQ_HEADERS } from '@onegrid/stream';
import { readTopic } from './read-topic.ts';

export interface Letter {
  readonly code: string;
  readonly reason: string;
  readonly sourceOffset: string;
  readonly bytes: number;
}

export async function readDeadLetters(kafka: Kafka, topic: string, deadlineMs = 60_000): Promise<Letter[]> {
  return (await readTopic(kafka, topic, deadlineMs)).map((m) => ({
    code: m.headers[DLQ_HEADERS.code] ?? '',
    reason: m.headers[DLQ_HEADERS.reason] ?? '',
    sourceOffset: m.headers[DLQ_HEADERS.sourceOffset] ?? '',
    bytes: m.value?.length ?? 0,
  }));
}
