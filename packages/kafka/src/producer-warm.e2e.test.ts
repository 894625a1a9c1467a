// A producer warmed for a topic (`warm`, start-up) has loaded its metadata and connected to its
// leaders: its first send needs neither. Shown by taking the bootstrap address away after the
// warm-up: the client reached the cluster through a TCP relay, which is then closed (its
// connections cut, new ones refused). The leaders' own addresses (the brokers' metadata) still
// answer, so a warm producer sends at once; a cold one would first ask the gone bootstrap for
// metadata.
import { randomUUID } from 'node:crypto';
import { createLogger } from '@onegrid/logging';
import { describe, expect, inject, it } from 'vitest';
import { tcpRelay } from '../../../test/support/tcp-relay.ts';
import type { KafkaClientName } from './adapter.ts';
import { createKafka } from './client.ts';
import { loadKafkaConfig } from './config.ts';
import { warmProducer } from './warm.ts';

/** A new topic of three partitions on the test broker, and the admin that made it (to delete it). */
async function freshTopic() {
  const logger = createLogger('e2e', 'silent');
  const brokers = inject('kafkaBrokers');
  const topic = `onegrid.e2e.warm.${randomUUID()}`;
  const admin = createKafka(loadKafkaConfig({ KAFKA_BROKERS: brokers }), logger).admin();
  await admin.connect();
  await admin.createTopics([{ topic, partitions: 3, replicationFactor: 1 }]);
  return { logger, brokers, topic, admin };
}

describe.each<KafkaClientName>(['kafkajs', 'platformatic'])('kafka > %s producer warm-up', (client) => {
  it('sends its first record with the bootstrap address gone', async () => {
    const { logger, brokers, topic, admin } = await freshTopic();
    const relay = await tcpRelay(0, brokers.split(',')[0] ?? '');
    const kafka = createKafka(
      loadKafkaConfig({ KAFKA_BROKERS: `127.0.0.1:${relay.port}`, ONEGRID_KAFKA_CLIENT: client }),
      logger,
    );
    const producer = kafka.producer({ idempotent: false });
    try {
      await producer.connect();
      expect(await warmProducer(producer, [topic], { withinMs: 30_000 })).toBe(true);
      await relay.close();
      const written = await producer.send({
        topic,
        messages: [0, 1, 2].map((partition) => ({ key: `k${partition}`, value: 'warm', partition })),
      });
      expect(written.map((w) => w.partition).sort()).toEqual([0, 1, 2]);
      const ends = await admin.topicOffsets(topic);
      expect(ends.map((p) => p.high - p.low)).toEqual([1, 1, 1]);
    } finally {
      await relay.close();
      await producer.disconnect().catch(() => undefined);
      await admin.deleteTopics([topic]);
      await admin.disconnect();
    }
  });

  it('disconnects only after a warm-up in flight, and refuses one after', async () => {
    const { logger, brokers, topic, admin } = await freshTopic();
    const kafka = createKafka(
      loadKafkaConfig({ KAFKA_BROKERS: brokers, ONEGRID_KAFKA_CLIENT: client }),
      logger,
    );
    const producer = kafka.producer({ idempotent: false });
    try {
      await producer.connect();
      // Not waited for, as warmProducer leaves a warm-up past its bound: the disconnect waits for
      // it instead (before: it went on, and its metadata and leader connections came after the
      // disconnect, reopening the producer's sockets).
      let settled = false;
      const warming = producer.warm([topic]).finally(() => {
        settled = true;
      });
      await producer.disconnect();
      expect(settled).toBe(true);
      await warming;
      // A warm-up after the disconnect is refused, not a reconnection (before: kafkajs reconnected).
      const failures: unknown[] = [];
      expect(
        await warmProducer(producer, [topic], { withinMs: 30_000, onFailure: (e) => failures.push(e) }),
      ).toBe(false);
      expect(failures).toEqual([expect.objectContaining({ message: expect.stringMatching(/disconnected/) })]);
    } finally {
      await admin.deleteTopics([topic]);
      await admin.disconnect();
    }
  });

  it('says false for a topic that does not exist, within its bound, and never throws', async () => {
    const kafka = createKafka(
      loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers'), ONEGRID_KAFKA_CLIENT: client }),
      createLogger('e2e', 'silent'),
    );
    const producer = kafka.producer({ idempotent: false });
    await producer.connect();
    const failures: unknown[] = [];
    const topic = `onegrid.e2e.no-such-topic.${randomUUID()}`;
    try {
      // Not created, and no auto-creation: never warm.
      const warm = await warmProducer(producer, [topic], {
        withinMs: 5_000,
        onFailure: (error) => failures.push(error),
      });
      expect(warm).toBe(false);
      // kafkajs's metadata request refuses it at once (UNKNOWN_TOPIC_OR_PARTITION); platformatic's
      // asks again past the bound (a minute), so it is not warm by the bound, with no failure yet.
      expect(failures).toEqual(
        client === 'kafkajs' ? [expect.objectContaining({ type: 'UNKNOWN_TOPIC_OR_PARTITION' })] : [],
      );
    } finally {
      await producer.disconnect();
    }
  });
});
