import type { Kafka, Message, Producer } from 'kafkajs';
import type { KafkaProducer, OutgoingMessage, ProducerOptions } from '../adapter.ts';

const toMessage = (m: OutgoingMessage): Message => ({
  key: m.key ?? null,
  value: m.value,
  ...(m.headers === undefined ? {} : { headers: { ...m.headers } }),
  ...(m.partition === undefined ? {} : { partition: m.partition }),
});

/** KafkaProducer over a kafkajs producer: acks from all in-sync replicas on every send. */
export function kafkajsProducer(kafka: Kafka, options: ProducerOptions = {}): KafkaProducer {
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: options.allowAutoTopicCreation ?? false,
    idempotent: options.idempotent ?? false,
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
