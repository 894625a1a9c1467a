import type { KafkaProducer as Producer, RawMessage } from '@onegrid/kafka';
import type { Rejection } from '../codec.ts';

export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly error: Rejection;
}

/**
 * A message's dead letter. Its fields are read one by one, not spread: a client's record may hold
 * its key and value as getters (kafkajs's lean records), which a spread would leave out.
 */
export function deadLetter(
  message: RawMessage,
  topic: string,
  partition: number,
  error: Rejection,
): DeadLetter {
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, error };
}

/** Header names on dead-letter messages: why, and where the original came from. */
export const DLQ_HEADERS = {
  reason: 'onegrid-reason',
  code: 'onegrid-error-code',
  sourceTopic: 'onegrid-source-topic',
  sourcePartition: 'onegrid-source-partition',
  sourceOffset: 'onegrid-source-offset',
  processor: 'onegrid-processor',
} as const;

/**
 * Publishes messages that failed decoding to their dead-letter topic (`deadLetterTopic`, the
 * codec's routing): the original key and bytes untouched, the reason and source coordinates
 * in headers. A replay may publish one again; the source coordinates identify it.
 */
export async function publishDeadLetters(
  producer: Producer,
  processor: string,
  letters: readonly DeadLetter[],
  deadLetterTopic: (topic: string) => string,
): Promise<void> {
  if (letters.length === 0) return;
  const byTopic = new Map<string, DeadLetter[]>();
  for (const letter of letters) {
    const list = byTopic.get(letter.topic) ?? [];
    list.push(letter);
    byTopic.set(letter.topic, list);
  }
  await producer.sendBatch(
    [...byTopic].map(([topic, list]) => ({
      topic: deadLetterTopic(topic),
      messages: list.map((letter) => ({
        key: letter.key,
        value: letter.value,
        headers: {
          [DLQ_HEADERS.reason]: letter.error.reason,
          [DLQ_HEADERS.code]: letter.error.code,
          [DLQ_HEADERS.sourceTopic]: letter.topic,
          [DLQ_HEADERS.sourcePartition]: String(letter.partition),
          [DLQ_HEADERS.sourceOffset]: String(letter.offset),
          [DLQ_HEADERS.processor]: processor,
        },
      })),
    })),
  );
}
