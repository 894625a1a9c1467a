import type { Kafka, Message, Producer } from 'kafkajs';
import type { KafkaProducer, OutgoingMessage, ProducerOptions } from '../adapter.ts';

const toMessage = (m: OutgoingMessage): Message => ({
  key: m.key ?? null,
  value: m.value,
  ...(m.headers === undefined ? {} : { headers: { ...m.headers } }),
  ...(m.partition === undefined ? {} : { partition: m.partition }),
});

/**
 * How long a send is retried: ~63 s (200 ms doubling to 10 s, 11 retries), as the platformatic
 * producer does. The client-wide retry (8 retries) gave up ~7 s into a broker kill, before the
 * controller had fenced the dead node (broker.session.timeout.ms, 9 s) and moved its partitions:
 * broker-kill.e2e.test.ts saw `KafkaJSNumberOfRetriesExceeded … ECONNREFUSED` in CI. Each retry
 * re-sends under the same producer id and sequence numbers, so the broker drops its own copies.
 */
const SEND_RETRY = { initialRetryTime: 200, maxRetryTime: 10_000, multiplier: 2, retries: 11 };

/** KafkaProducer over a kafkajs producer: acks from all in-sync replicas on every send. */
export function kafkajsProducer(kafka: Kafka, options: ProducerOptions = {}): KafkaProducer {
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: options.allowAutoTopicCreation ?? false,
    idempotent: options.idempotent ?? false,
    retry: SEND_RETRY,
    ...(options.maxInFlightRequests === undefined
      ? {}
      : { maxInFlightRequests: options.maxInFlightRequests }),
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async send({ topic, messages }) {
      const written = await producer.send({ topic, acks: -1, messages: messages.map(toMessage) });
      return written.map((w) => ({
        topic: w.topicName,
        partition: w.partition,
        baseOffset: Number(w.baseOffset),
      }));
    },
    async sendBatch(batches) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: batches.map(({ topic, messages }) => ({ topic, messages: messages.map(toMessage) })),
      });
    },
  };
}
