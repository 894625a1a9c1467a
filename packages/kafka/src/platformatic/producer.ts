import { compatibilityPartitioner, type MessageToProduce, Producer } from '@platformatic/kafka';
import type { KafkaProducer, OutgoingMessage, ProducerOptions, TopicMessages } from '../adapter.ts';
import { KafkaAdapterError } from '../errors.ts';
import type { PlatformaticBase } from './base.ts';
import { protocolReasons } from './retry.ts';

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
/**
 * A failed send, with the Kafka error ids the client nests (the soak's logs had none).
 * Retriable: the sinks retry it, as they did the client's own error (which has no `retriable`);
 * the client's `canRetry: false` also marks transient states (a leader not in the metadata yet).
 */
const sendFailed = (error: unknown): KafkaAdapterError => {
  const ids = protocolReasons(error);
  return new KafkaAdapterError('SEND_FAILED', `send failed${ids.length > 0 ? `: ${ids.join(', ')}` : ''}`, {
    retriable: true,
    cause: error,
  });
};

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
      const result = await producer.send({ messages: toMessages(batch) }).catch((error: unknown) => {
        throw sendFailed(error);
      });
      return (result.offsets ?? []).map((o) => ({
        topic: o.topic,
        partition: o.partition,
        baseOffset: Number(o.offset),
      }));
    },
    async sendBatch(batches) {
      await producer.send({ messages: batches.flatMap(toMessages) }).catch((error: unknown) => {
        throw sendFailed(error);
      });
    },
  };
}
