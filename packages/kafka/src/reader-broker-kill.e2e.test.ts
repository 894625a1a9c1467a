// The kafkajs TopicReader through a broker SIGKILL on the three-broker cluster of infra/kafka
// (replication 3, min ISR 2), the killed node leading partitions of the topic and coordinating
// the reader's group. What the server's live feeds need of it: reading on from where each
// partition was, every offset once or more and none skipped, nothing from before its start
// (fromBeginning: false). Before the reader kept its own positions, kafkajs restarted the crashed
// consumer in the same group, which had committed nothing: it began again at the topics' ends
// (the push feed then logged a gap and read it again) or at their beginnings (the alerts feed),
// after waiting for the dead member's session: the soak's screens were 6-27 s behind.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { createLogger } from '@onegrid/logging';
import { expect, it } from 'vitest';
import { cleanUp } from '../../../test/support/clean-up.ts';
import { KAFKA_SH_BOUND_MS } from '../../../test/support/kafka-sh.ts';
import { waitUntil } from '../../../test/support/wait-until.ts';
import { createKafka } from './client.ts';
import { loadKafkaConfig } from './config.ts';
import { coordinatorPartition } from './kafkajs/coordinator.ts';
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
  let failure: unknown;
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
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    producing = false;
    await cleanUp(
      [
        { name: 'producing loop', run: () => produced },
        // Their errors after the kill were never this test's to report: bounded, not reported.
        { name: 'reader', run: () => reader.stop().catch(() => undefined) },
        { name: 'producer', run: () => producer.disconnect().catch(() => undefined) },
        { name: 'admin', run: () => admin.disconnect() },
        killed && {
          name: `start node ${coordinator}`,
          run: () => kafkaSh('start-node', String(coordinator)),
          boundMs: KAFKA_SH_BOUND_MS + 5_000,
        },
      ],
      failure,
    );
  }
}, 900_000);

/**
 * A kafkajs consumer in a worker thread (its own event loop: a consumer that spins there cannot
 * stall this test's timers, and terminate() stops it), disconnected at the moment its fetch
 * manager, its old fetchers stopped, is about to make new ones (kafkajs's "Rebalancing
 * fetchers..." log line, once a broker left the client's pool). Posts 'running', then
 * 'disconnecting', 'disconnected', and a 'tick' of its own timer every 200 ms; 'window' when the
 * patched fetchManager returns there instead of making fetchers (patches/README.md).
 */
const STOP_WHILE_REBALANCING = `
const { parentPort, workerData } = require('node:worker_threads');
const { Kafka, logLevel } = require(workerData.kafkajs);
let consumer;
let armed = false;
const post = (type, extra = {}) => parentPort.postMessage({ type, ...extra });
const logCreator = () => ({ log }) => {
  if (log.message === 'Stopped while rebalancing fetchers') post('window');
  if (!armed || log.message !== 'Rebalancing fetchers...') return;
  armed = false;
  post('disconnecting');
  consumer.disconnect().then(() => post('disconnected'), (e) => post('disconnected', { error: String(e) }));
};
(async () => {
  const kafka = new Kafka({ brokers: workerData.brokers, clientId: 'e2e-stop-rebalancing', logLevel: logLevel.DEBUG, logCreator });
  consumer = kafka.consumer({
    groupId: workerData.groupId,
    maxWaitTimeInMs: 500,
    metadataMaxAge: 1000,
    // Retried past the dead broker's fencing (3 s): a crash first would end the fetchers for good.
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 20, restartOnFailure: async () => false },
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [workerData.topic], fromBeginning: true });
  await consumer.run({ eachBatch: async () => {} });
  setInterval(() => post('tick'), 200);
  armed = true;
  post('running');
})().catch((e) => post('failed', { error: String(e && e.stack || e) }));
`;

it('kafka > a kafkajs consumer disconnected while its fetchers rebalance after a broker died ends', async () => {
  const kafka = createKafka(
    loadKafkaConfig({ KAFKA_BROKERS: brokers(), ONEGRID_KAFKA_CLIENT: 'kafkajs' }),
    createLogger('e2e', 'warn'),
  );
  const admin = kafka.admin();
  await admin.connect();
  const topic = `e2e.stop-rebalancing.${randomUUID()}`;
  const groupId = `e2e-stop-rebalancing-${randomUUID()}`;
  await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 3 }]);
  const seen: { type: string; error?: string }[] = [];
  const worker = new Worker(STOP_WHILE_REBALANCING, {
    eval: true,
    workerData: {
      kafkajs: createRequire(import.meta.url).resolve('kafkajs'),
      brokers: brokers().split(','),
      groupId,
      topic,
    },
  });
  worker.on('message', (message: { type: string }) => seen.push(message));
  let killed = -1;
  let failure: unknown;
  try {
    const saw = (type: string, deadlineMs: number) =>
      waitUntil(() => seen.find((m) => m.type === type || m.type === 'failed'), {
        deadlineMs,
        describe: () => `waiting for '${type}'; the worker posted ${[...new Set(seen.map((m) => m.type))]}`,
      });
    expect(await saw('running', 120_000)).toMatchObject({ type: 'running' });
    // Not the group's coordinator: its death fails the heartbeat, a crash, not the rebalance of
    // the fetchers this is about.
    const offsets = (await admin.topicPartitions(['__consumer_offsets'])).get('__consumer_offsets') ?? [];
    const coordinator = offsets.find(
      (p) => p.partition === coordinatorPartition(groupId, offsets.length),
    )?.leader;
    const leaders = (await admin.topicPartitions([topic])).get(topic) ?? [];
    killed = leaders.map((p) => p.leader).find((leader) => leader !== coordinator) ?? -1;
    expect(killed).toBeGreaterThan(0);
    await kafkaSh('kill-node', String(killed));
    await saw('disconnecting', 60_000);
    // Before the patch: new fetchers made after the stop, their fetch() "not running" at once,
    // spinning at 100 % CPU for ever; the worker's timer stopped, disconnect() never ended.
    const ticks = () => seen.filter((m) => m.type === 'tick').length;
    const ticksAtStop = ticks();
    expect(await saw('disconnected', 60_000)).toEqual({ type: 'disconnected' });
    await waitUntil(() => (ticks() >= ticksAtStop + 5 ? true : undefined), {
      deadlineMs: 30_000,
      describe: () => `${ticks() - ticksAtStop} ticks of the worker's timer since the stop`,
    });
    // And the stop came in the window: the patched manager returned instead of making fetchers.
    expect(seen.map((m) => m.type)).toContain('window');
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await cleanUp(
      [
        { name: 'worker', run: () => worker.terminate() },
        { name: 'admin', run: () => admin.disconnect() },
        killed > 0 && {
          name: `start node ${killed}`,
          run: () => kafkaSh('start-node', String(killed)),
          boundMs: KAFKA_SH_BOUND_MS + 5_000,
        },
      ],
      failure,
    );
  }
}, 900_000);
