// The kafkajs TopicReader through a broker SIGKILL on the three-broker cluster of infra/kafka
// (replication 3, min ISR 2), the killed node leading partitions of the topic and coordinating
// the reader's group. What the server's live feeds need of it: reading on from where each
// partition was, every offset once or more and none skipped, nothing from before its start
// (fromBeginning: false). Before the reader kept its own positions, kafkajs restarted the crashed
// consumer in the same group, which had committed nothing: it began again at the topics' ends
// (the push feed then logged a gap and read it again) or at their beginnings (the alerts feed),
// after waiting for the dead member's session: the soak's screens were 6-27 s behind.
import { randomUUID } from 'node:crypto';
import { createLogger } from '@onegrid/logging';
import { expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.ts';
import { createKafka } from './client.ts';
import { loadKafkaConfig } from './config.ts';
import {
  coordinatorToKill,
  kafkaSh,
  PARTITIONS,
  useKillCluster,
  waitForLeadersMoved,
  waitForReadToEnds,
} from './kill-cluster.test-support.ts';

const brokers = useKillCluster();

it('kafka > kafkajs reader reads on from where it was when a broker and its coordinator die', async () => {
  const kafka = createKafka(
    loadKafkaConfig({ KAFKA_BROKERS: brokers(), ONEGRID_KAFKA_CLIENT: 'kafkajs' }),
    createLogger('e2e', 'warn'),
  );
  const admin = kafka.admin();
  await admin.connect();
  const topic = `e2e.reader-kill.${randomUUID()}`;
  const groupId = `e2e-reader-kill-${randomUUID()}`;
  await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 3 }]);

  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  // Before the reader starts: never to be handed over (it reads from the end).
  await producer.send({
    topic,
    messages: Array.from({ length: 60 }, (_, i) => ({ key: `b${i}`, value: 'x' })),
  });
  let sent = 0;
  let producing = true;
  const sendFailures: string[] = [];
  const sentAt = new Map<string, number>();

  const next = new Map<number, number>();
  const gaps: string[] = [];
  const seen = new Set<string>();
  const early: string[] = [];
  let slowest = { key: '', ms: 0 };
  const reader = await kafka.read({
    topics: [topic],
    groupId,
    fromBeginning: false,
    maxWaitMs: 50,
    deleteGroupOnStop: true,
    onBatch: async (batch) => {
      for (const m of batch.records) {
        const expected = next.get(batch.partition);
        if (expected !== undefined && m.offset > expected)
          gaps.push(`${batch.partition}: ${expected} → ${m.offset}`);
        next.set(batch.partition, Math.max(expected ?? 0, m.offset + 1));
        const key = m.key?.toString('utf8') ?? '';
        if (key.startsWith('b')) early.push(key);
        seen.add(key);
        const delay = Date.now() - (sentAt.get(key) ?? Date.now());
        if (delay > slowest.ms) slowest = { key, ms: delay };
      }
    },
  });

  // Only once the reader runs: what came before is not its to read.
  const produced = (async () => {
    while (producing) {
      const messages = Array.from({ length: 12 }, (_, i) => ({ key: `k${sent + i}`, value: `${sent + i}` }));
      const at = Date.now();
      try {
        await producer.send({ topic, messages });
        for (const m of messages) sentAt.set(m.key, at);
        sent += messages.length;
      } catch (error) {
        sendFailures.push(String(error));
        if (sendFailures.length >= 3) producing = false;
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  })();
  let killed = false;
  let coordinator = -1;
  try {
    await waitUntil(async () => (next.size === PARTITIONS ? true : undefined), {
      deadlineMs: 60_000,
      intervalMs: 200,
      describe: () => `${next.size} partitions read`,
    });
    coordinator = await coordinatorToKill(admin, groupId, topic);
    await kafkaSh('kill-node', String(coordinator));
    killed = true;
    await waitForLeadersMoved(admin, topic, coordinator, {
      sent: () => sent,
      producing: () => producing,
    });
    producing = false;
    await produced;
    await waitForReadToEnds(admin, topic, next);
    const missing = Array.from({ length: sent }, (_, i) => `k${i}`).filter((k) => !seen.has(k));
    expect(missing).toEqual([]);
    expect(sendFailures).toEqual([]);
    expect(gaps).toEqual([]);
    expect(early).toEqual([]);
    // A figure, not a bound (speed is the soak's to measure): the longest a record waited.
    createLogger('e2e', 'info').info(
      slowest,
      'reader through the kill: the slowest record (ms after its send)',
    );
  } finally {
    producing = false;
    await produced;
    await reader.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect();
    if (killed) await kafkaSh('start-node', String(coordinator));
  }
}, 900_000);
