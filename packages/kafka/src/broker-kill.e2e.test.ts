// Each client through a broker SIGKILL on the three-broker cluster of infra/kafka (replication
// 3, min ISR 2): the killed node leads partitions of the topic and is the group's coordinator.
// What the stream runtime needs of its source: every offset of every partition handed over (a
// replay of what was handed over before is fine, a gap is a loss), and commits that land again
// once the coordinator has moved. What the simulator and the sinks need of an idempotent
// producer: every send acknowledged through the kill, each record in the log exactly once. The
// soak found @platformatic/kafka's stream ending for good on the first failed fetch, its commits
// stuck on the dead coordinator, and its producer giving up ~45 s after the kill.
import { randomUUID } from 'node:crypto';
import { createLogger } from '@onegrid/logging';
import { describe, expect, it } from 'vitest';
import { cleanUp } from '../../../test/support/clean-up.ts';
import { KAFKA_SH_BOUND_MS } from '../../../test/support/kafka-sh.ts';
import { waitUntil } from '../../../test/support/wait-until.ts';
import type { KafkaClientName } from './adapter.ts';
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

describe.each<KafkaClientName>(['kafkajs', 'platformatic'])(
  'kafka > %s producer and group source through a broker kill',
  (client) => {
    it('acknowledges each record once, hands over every offset and commits again after the leader and coordinator die', async () => {
      const kafka = createKafka(
        loadKafkaConfig({ KAFKA_BROKERS: brokers(), ONEGRID_KAFKA_CLIENT: client }),
        createLogger('e2e', 'warn'),
      );
      // The referee: the cluster's state read with one client, whichever is under test.
      const admin = createKafka(
        loadKafkaConfig({ KAFKA_BROKERS: brokers(), ONEGRID_KAFKA_CLIENT: 'kafkajs' }),
        createLogger('e2e', 'warn'),
      ).admin();
      await admin.connect();
      const topic = `e2e.broker-kill.${client}.${randomUUID()}`;
      const groupId = `e2e-broker-kill-${randomUUID()}`;
      await admin.createTopics([{ topic, partitions: PARTITIONS, replicationFactor: 3 }]);

      // Produced all along, the kill included, each key once: a send must be acknowledged
      // through the kill (the client retries within its bound), never refused.
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      let producing = true;
      const sendFailures: string[] = [];
      let sent = 0;
      let attempted = 0;
      const produced = (async () => {
        while (producing) {
          const messages = Array.from({ length: 30 }, (_, i) => ({
            key: `k${attempted + i}`,
            value: `${attempted + i}`,
          }));
          // Keys of a refused send are never used again: a copy of one in the log is not a duplicate.
          attempted += messages.length;
          try {
            await producer.send({ topic, messages });
            sent += messages.length;
          } catch (error) {
            // The run goes on so that the consumer side is still checked; the refusal fails the case.
            sendFailures.push(`${new Date().toISOString().slice(11, 19)} ${String(error)}`);
            if (sendFailures.length >= 3) producing = false;
          }
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      })();

      // The runtime's view of a partition: the next offset it expects; a batch starting past it is a gap.
      const next = new Map<number, number>();
      const gaps: string[] = [];
      // Each record of the log once (replays dropped by offset): how many copies of each key.
      const copies = new Map<string, number>();
      const source = kafka.groupSource({ groupId, topic });
      await source.start({
        onAssignment: () => undefined,
        onRebalancing: () => undefined,
        onBatch: async (batch) => {
          for (const m of batch.messages) {
            const expected = next.get(batch.partition) ?? 0;
            if (m.offset > expected) gaps.push(`${batch.partition}: ${expected} → ${m.offset}`);
            if (m.offset < expected) continue;
            next.set(batch.partition, m.offset + 1);
            const key = m.key?.toString('utf8') ?? '';
            copies.set(key, (copies.get(key) ?? 0) + 1);
          }
        },
      });
      const commits: { at: number; ok: boolean; error?: string }[] = [];
      const commitNow = async () => {
        const points = [...next].map(([partition, offset]) => ({
          partition,
          offset,
          metadata: `{"n":${offset}}`,
        }));
        try {
          await source.commit(points);
          commits.push({ at: Date.now(), ok: true });
        } catch (error) {
          commits.push({ at: Date.now(), ok: false, error: String(error) });
        }
      };
      let committing = true;
      const committer = (async () => {
        while (committing) {
          await commitNow();
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();

      let killed: number | undefined;
      let failure: unknown;
      try {
        await waitUntil(
          async () => (commits.some((c) => c.ok) && next.size === PARTITIONS ? true : undefined),
          {
            deadlineMs: 60_000,
            intervalMs: 200,
            describe: () =>
              `no first commit (${JSON.stringify(commits.slice(-3))}), ${next.size} partitions read`,
          },
        );
        // The node to kill: the group's coordinator, leading some of the topic's partitions too.
        const coordinator = await coordinatorToKill(admin, groupId, topic);

        await kafkaSh('kill-node', String(coordinator));
        killed = coordinator;
        await waitForLeadersMoved(admin, topic, coordinator, {
          sent: () => sent,
          producing: () => producing,
          describe: () => `, refused ${sendFailures.length}`,
        });
        producing = false;
        await produced;

        const ends = await waitForReadToEnds(admin, topic, next);
        // A commit after everything was read lands, on whichever broker coordinates the group now.
        const from = Date.now();
        await waitUntil(async () => (commits.some((c) => c.ok && c.at > from) ? true : undefined), {
          deadlineMs: 60_000,
          intervalMs: 500,
          describe: () => `no commit after the kill landed: ${JSON.stringify(commits.slice(-3))}`,
        });
        committing = false;
        await committer;
        await commitNow();
        expect(commits.at(-1)?.ok).toBe(true);
        const committed = await admin.groupOffsets(groupId, topic);
        const byPartition = <T extends { partition: number }>(rows: readonly T[]): T[] =>
          [...rows].sort((a, b) => a.partition - b.partition);
        expect(byPartition(committed).map((c) => c.offset)).toEqual(byPartition(ends).map((e) => e.high));
        expect(gaps).toEqual([]);
        expect(sendFailures).toEqual([]);
        // Acknowledged exactly once: every key of the run in the log once, nothing else there.
        const missing = Array.from({ length: sent }, (_, i) => `k${i}`).filter((k) => !copies.has(k));
        const doubled = [...copies].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`);
        expect({ missing: missing.slice(0, 10), doubled: doubled.slice(0, 10) }).toEqual({
          missing: [],
          doubled: [],
        });
        expect(ends.reduce((n, e) => n + e.high, 0)).toBe(sent);
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        producing = false;
        committing = false;
        await cleanUp(
          [
            { name: 'producing loop', run: () => produced },
            { name: 'committing loop', run: () => committer },
            // Their errors after the kill were never this test's to report: bounded, not reported.
            { name: 'group source', run: () => source.stop().catch(() => undefined) },
            { name: 'producer', run: () => producer.disconnect().catch(() => undefined) },
            { name: 'admin', run: () => admin.disconnect() },
            // The next client's run needs all three nodes again.
            killed !== undefined && {
              name: `start node ${killed}`,
              run: () => kafkaSh('start-node', String(killed)),
              boundMs: KAFKA_SH_BOUND_MS + 5_000,
            },
          ],
          failure,
        );
      }
    }, 900_000);
  },
);
