// The screen lane through a broker SIGKILL on the three-broker cluster of infra/kafka
// (replication 3, min ISR 2): a row copied right after the kill reaches a reader of the lane
// while a write to a replication-3 topic sent at the same moment (acks from every in-sync
// replica, as onegrid.alerts is written) is still waiting for the controller to fence the dead
// broker. No clock decides it: the order of the two events does.
import { randomUUID } from 'node:crypto';
import {
  type Alert,
  alertSchema,
  decode,
  SCREEN_LANE_TOPIC,
  screenLaneEventSchema,
  TOPICS,
} from '@onegrid/contracts';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { startScreenLane } from '@onegrid/processors';
import { describe, expect, it } from 'vitest';
import { exampleWith } from '../../packages/contracts/src/fixtures/messages.ts';
import { kafkaSh, PARTITIONS, useKillCluster } from '../../packages/kafka/src/kill-cluster.test-support.ts';
import { cleanUp } from '../support/clean-up.ts';
import { KAFKA_SH_BOUND_MS } from '../support/kafka-sh.ts';
import { waitUntil } from '../support/wait-until.ts';

const brokers = useKillCluster();

// The contract's own example alert (packages/contracts fixtures) under another id.
const alert = (id: string): Alert => {
  const result = decode(alertSchema, exampleWith(TOPICS.alerts, { alert_id: id }));
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
};

describe('screen lane > a broker killed', () => {
  it('reads a copy sent after the kill before a replication-3 write of the same moment is acknowledged', async () => {
    const logger = createLogger('e2e', 'warn');
    const kafka = createKafka(loadKafkaConfig({ KAFKA_BROKERS: brokers() }), logger);
    const admin = kafka.admin();
    await admin.connect();
    const contract = `e2e.screen-lane.contract.${randomUUID()}`;
    await admin.createTopics([{ topic: contract, partitions: PARTITIONS, replicationFactor: 3 }]);
    const lane = await startScreenLane({ kafka, logger, now: Date.now });
    const laneInfo = (await admin.topicPartitions([SCREEN_LANE_TOPIC])).get(SCREEN_LANE_TOPIC) ?? [];
    expect(laneInfo.every((p) => p.replicas.length === 2)).toBe(true);

    const read = new Map<string, number>();
    const reader = await kafka.read({
      groupId: `e2e-screen-lane-${randomUUID()}`,
      topics: [SCREEN_LANE_TOPIC],
      fromBeginning: true,
      maxWaitMs: 100,
      deleteGroupOnStop: true,
      onBatch: async (batch) => {
        for (const r of batch.records) {
          const event = decode(screenLaneEventSchema, r.value?.toString('utf8') ?? null);
          if (event.ok && event.value.kind === 'alert')
            read.set(event.value.alert.alert_id, event.value.emitted_at);
        }
      },
    });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    let killed: number | undefined;
    let failure: unknown;
    try {
      // Both paths work before the kill.
      lane.copy({ kind: 'alert', alert: alert('before') });
      await producer.send({ topic: contract, messages: [{ key: 'before', value: 'x' }] });
      await waitUntil(async () => (read.has('before') ? true : undefined), {
        deadlineMs: 60_000,
        describe: () => `lane copies read: ${[...read.keys()].join(',')}`,
      });

      // The node leading the contract's partition 0: every partition has it in its ISR.
      const contractInfo = (await admin.topicPartitions([contract])).get(contract) ?? [];
      const dead = contractInfo.find((p) => p.partition === 0)?.leader ?? 2;
      const alive = contractInfo.find((p) => p.leader !== dead);
      expect(alive).toBeDefined();
      await kafkaSh('kill-node', String(dead));
      killed = dead;

      // A write to a partition a live broker leads, acks from every in-sync replica: the dead
      // broker is one of them until fenced.
      let acknowledged = false;
      const contractWrite = producer
        .send({ topic: contract, messages: [{ key: 'after', value: 'x', partition: alive?.partition ?? 0 }] })
        .then(() => {
          acknowledged = true;
        });
      lane.copy({ kind: 'alert', alert: alert('after') });
      await waitUntil(async () => (read.has('after') ? true : undefined), {
        deadlineMs: 60_000,
        describe: () =>
          `lane copies read: ${[...read.keys()].join(',')}; lane ${JSON.stringify(lane.counts())}`,
      });
      expect(acknowledged, 'the replication-3 write was acknowledged before the lane copy was read').toBe(
        false,
      );
      // It is acknowledged once the dead broker is fenced: nothing lost on the contract's side.
      await contractWrite;
      expect(acknowledged).toBe(true);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      await cleanUp(
        [
          killed !== undefined && {
            name: `start node ${killed}`,
            run: () => kafkaSh('start-node', String(killed)),
            boundMs: KAFKA_SH_BOUND_MS + 5_000,
          },
          { name: 'reader', run: () => reader.stop() },
          { name: 'lane', run: () => lane.stop() },
          { name: 'producer', run: () => producer.disconnect() },
          { name: 'admin', run: () => admin.disconnect() },
        ],
        failure,
      );
    }
  }, 300_000);
});
