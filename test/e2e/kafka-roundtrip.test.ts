import { randomUUID } from 'node:crypto';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { afterAll, describe, expect, inject, it } from 'vitest';

const config = loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') });
const kafka = createKafka(config, createLogger('e2e', 'warn'));
const admin = kafka.admin();

afterAll(async () => {
  await admin.disconnect();
});

describe('kafka > round trip through the real broker', () => {
  it('delivers every produced message, in order per key, to a consumer group', async () => {
    const topic = `e2e.roundtrip.${randomUUID()}`;
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });

    const sent = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: JSON.stringify({ i }) }));
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const received: { key: string; i: number }[] = [];
    const consumer = kafka.consumer({ groupId: `e2e-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push({ key: String(message.key), i: JSON.parse(String(message.value)).i });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await Promise.race([
      done,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`only ${received.length} of 300 after 60 s`)), 60_000),
      ),
    ]);
    await consumer.disconnect();

    expect(received.map((r) => r.i).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    for (const key of new Set(received.map((r) => r.key))) {
      const order = received.filter((r) => r.key === key).map((r) => r.i);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});
