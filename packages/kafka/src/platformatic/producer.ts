import { compatibilityPartitioner, type MessageToProduce, Producer } from '@platformatic/kafka';
import type { KafkaProducer, OutgoingMessage, ProducerOptions, TopicMessages } from '../adapter.ts';
import type { PlatformaticBase } from './base.ts';

const toBuffer = (v: string | Buffer | null | undefined): Buffer | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;

const toMessages = ({ topic, messages }: TopicMessages): MessageToProduce[] =>
  messages.map((m: OutgoingMessage) => ({
    topic,
    key: toBuffer(m.key),
    value: toBuffer(m.value) as Buffer,
    ...(m.partition === undefined ? {} : { partition: m.partition }),
    ...(m.headers === undefined
      ? {}
      : {
          headers: new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        }),
  }));

/**
 * KafkaProducer over a @platformatic/kafka producer, acks = all. Its default partitioner hashes
 * keys to an unsigned murmur2 (`>>> 0`) where Java and kafkajs mask the sign bit: the
 * compatibility partitioner keeps a key on the partition the other clients choose.
 */
export function platformaticProducer(base: PlatformaticBase, options: ProducerOptions = {}): KafkaProducer {
  const producer = new Producer({
    ...base,
    idempotent: options.idempotent ?? false,
    acks: -1,
    autocreateTopics: options.allowAutoTopicCreation ?? false,
    partitioner: compatibilityPartitioner,
  });
  return {
    async connect() {
      await producer.metadata({ topics: [] });
    },
    disconnect: () => producer.close(),
    async send(batch) {
      const result = await producer.send({ messages: toMessages(batch) });
      return (result.offsets ?? []).map((o) => ({
        topic: o.topic,
        partition: o.partition,
        baseOffset: Number(o.offset),
      }));
    },
    async sendBatch(batches) {
      await producer.send({ messages: batches.flatMap(toMessages) });
    },
  };
}
