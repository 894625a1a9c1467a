import type { Kafka, Message, Producer } from 'kafkajs';
import type { KafkaProducer, OutgoingMessage, ProducerOptions } from '../adapter.ts';
import { WARM_CLOSE_MS, WarmUps } from '../warm-ups.ts';

const toMessage = (m: OutgoingMessage): Message => ({
  key: m.key ?? null,
  value: m.value,
  ...(m.headers === undefined ? {} : { headers: { ...m.headers } }),
  ...(m.partition === undefined ? {} : { partition: m.partition }),
});

/**
 * How long a send is retried: ~64 s, as the platformatic producer does. The client-wide retry
 * (8 retries) gave up ~7 s into a broker kill, before the controller had fenced the dead node
 * and moved its partitions: broker-kill.e2e.test.ts saw `KafkaJSNumberOfRetriesExceeded …
 * ECONNREFUSED` in CI. Every ≤ 500 ms (100 ms doubling, ±20 %), not doubling to 10 s: the retry
 * after the dead broker is fenced (3 s, infra/kafka/README.md "Failover") then comes within
 * half a second, where the doubling one came at 3.0 s or 6.2 s (and at 12.6 s after Kafka's
 * default 9 s), the screens' tail at a broker kill. A retry is one metadata request and one
 * send. Each re-sends under the same producer id and sequence numbers, so the broker drops its
 * own copies.
 */
const SEND_RETRY = { initialRetryTime: 100, maxRetryTime: 500, multiplier: 2, retries: 130 };

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
  const warmUps = new WarmUps();
  return {
    async connect() {
      await producer.connect();
      warmUps.open();
    },
    // kafkajs opens a leader's connection at its first send only: patches/README.md, "warm".
    warm: (topics) => warmUps.run(() => producer.warm([...topics])),
    async disconnect() {
      await warmUps.close(WARM_CLOSE_MS);
      await producer.disconnect();
    },
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
