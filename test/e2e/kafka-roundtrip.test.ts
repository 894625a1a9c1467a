import { randomUUID } from 'node:crypto';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { afterAll, describe, expect, inject, it } from 'vitest';

const config = loadKafkaConfig({
  KAFKA_BROKERS: inject('kafkaBrokers'),
  ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
});
const kafka = createKafka(config, createLogger('e2e', 'warn'));
const admin = kafka.admin();

afterAll(async () => {
  await admin.disconnect();
});

describe('kafka > round trip through the real broker', () => {
  it('delivers every produced message, in order per key, to a consumer group', async () => {
    const topic = `e2e.roundtrip.${randomUUID()}`;
    await admin.connect();
    await admin.createTopics([{ topic, partitions: 3 }]);

    const sent = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: JSON.stringify({ i }) }));
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const received: { key: string; i: number }[] = [];
    const done = Promise.withResolvers<void>();
    const reader = await kafka.read({
      groupId: `e2e-${randomUUID()}`,
      topics: [topic],
      deleteGroupOnStop: true,
      onBatch: async ({ records }) => {
        for (const message of records) {
          received.push({ key: String(message.key), i: JSON.parse(String(message.value)).i });
        }
        if (received.length === sent.length) done.resolve();
      },
    });
    await Promise.race([
      done.promise,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`only ${received.length} of 300 after 60 s`)), 60_000),
      ),
    ]);
    await reader.stop();

    expect(received.map((r) => r.i).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
    for (const key of new Set(received.map((r) => r.key))) {
      const order = received.filter((r) => r.key === key).map((r) => r.i);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});
