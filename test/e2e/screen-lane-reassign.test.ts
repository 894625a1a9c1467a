// The screen lane's writers and the server's readers after its replicas move (the review's open
// point, issue 18 item 5): both choose their partitions from the replicas (a cover, screen-lane-
// topic.ts), so an operator's reassignment left a writer copying to partitions no reader of a
// server started before it read, or a cover that no longer spares every broker. On the
// three-broker cluster of infra/kafka, with Kafka's own reassignment tool: the replicas are moved
// so that the cover must take partitions it did not hold, and the writer's copies must reach the
// server's readers through one of those.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Alert, alertSchema, decode, SCREEN_LANE_TOPIC, TOPICS } from '@onegrid/contracts';
import { createKafka, loadKafkaConfig, type PartitionInfo } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { coverPartitions, startScreenLane } from '@onegrid/processors';
import { describe, expect, it } from 'vitest';
import { readScreenLane } from '../../packages/app/src/live/screen-lane-readers.ts';
import { exampleWith } from '../../packages/contracts/src/fixtures/messages.ts';
import { useKillCluster } from '../../packages/kafka/src/kill-cluster.test-support.ts';
import { cleanUp } from '../support/clean-up.ts';
import { runKafkaSh } from '../support/kafka-sh.ts';
import { waitUntil } from '../support/wait-until.ts';

const brokers = useKillCluster();

/** The looks at the replicas here: short, so the test waits seconds, not the 30 s of production. */
const RECHECK_MS = 500;
/** Kafka's reassignment tool: a JVM that asks the cluster once (its admin client's own timeouts). */
const REASSIGN_BOUND_MS = 180_000;

const alert = (id: string): Alert => {
  const result = decode(alertSchema, exampleWith(TOPICS.alerts, { alert_id: id }));
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
};

/**
 * Replicas whose cover must hold partitions outside `cover`: the cover's partitions all on the
 * same pair (sparing one broker), two others on the pairs that spare the other two brokers.
 */
function movedReplicas(
  partitions: readonly PartitionInfo[],
  cover: readonly number[],
): Map<number, number[]> {
  const [a, b, c] = [...new Set(partitions.flatMap((p) => p.replicas))].sort((x, y) => x - y);
  if (a === undefined || b === undefined || c === undefined) throw new Error('expected three brokers');
  const others = partitions.map((p) => p.partition).filter((p) => !cover.includes(p));
  const target = new Map<number, number[]>();
  for (const p of cover) target.set(p, [a, b]);
  others.forEach((p, i) => {
    target.set(p, i === 0 ? [b, c] : i === 1 ? [a, c] : [a, b]);
  });
  return target;
}

describe('screen lane > replicas reassigned while it runs', () => {
  it('the writer copies to the new cover and the server reads it', async () => {
    const logger = createLogger('e2e', 'warn');
    const kafka = createKafka(loadKafkaConfig({ KAFKA_BROKERS: brokers() }), logger);
    const admin = kafka.admin();
    await admin.connect();
    const seen = new Map<number, string[]>();
    // The server's readers first (they make the lane), then a writer: both on the same cover.
    const readers = await readScreenLane(
      kafka,
      logger,
      async (batch) => {
        const texts = batch.records.map((r) => r.value?.toString('utf8') ?? '');
        seen.set(batch.partition, [...(seen.get(batch.partition) ?? []), ...texts]);
      },
      { recheckMs: RECHECK_MS },
    );
    const lane = await startScreenLane({ kafka, logger, now: Date.now, recheckMs: RECHECK_MS });
    const dir = await mkdtemp(path.join(tmpdir(), 'lane-reassign-'));
    let failure: unknown;
    try {
      const before = (await admin.topicPartitions([SCREEN_LANE_TOPIC])).get(SCREEN_LANE_TOPIC) ?? [];
      const cover = coverPartitions(before).partitions;
      expect(readers.partitions()).toEqual(cover);

      const target = movedReplicas(before, cover);
      const expected = coverPartitions(
        before.map((p) => ({ ...p, replicas: target.get(p.partition) ?? p.replicas })),
      ).partitions;
      const added = expected.filter((p) => !cover.includes(p));
      expect(added.length, `the new cover ${expected} adds to ${cover}`).toBeGreaterThan(0);

      const plan = path.join(dir, 'reassign.json');
      await writeFile(
        plan,
        JSON.stringify({
          version: 1,
          partitions: [...target].map(([partition, replicas]) => ({
            topic: SCREEN_LANE_TOPIC,
            partition,
            replicas,
          })),
        }),
      );
      await runKafkaSh(
        [
          'run-class',
          'org.apache.kafka.tools.reassign.ReassignPartitionsCommand',
          '--bootstrap-server',
          brokers().split(',')[0] ?? '',
          '--reassignment-json-file',
          plan,
          '--execute',
        ],
        REASSIGN_BOUND_MS,
      );
      // Done when every partition holds exactly its target replicas (the extra ones dropped).
      await waitUntil(
        async () => {
          const now = (await admin.topicPartitions([SCREEN_LANE_TOPIC])).get(SCREEN_LANE_TOPIC) ?? [];
          return now.every(
            (p) => [...p.replicas].sort().join() === [...(target.get(p.partition) ?? [])].sort().join(),
          )
            ? true
            : undefined;
        },
        { deadlineMs: 120_000, describe: () => 'reassignment not complete' },
      );

      // The server reads the new cover's partitions too, and keeps the old ones.
      await waitUntil(() => (expected.every((p) => readers.partitions().includes(p)) ? true : undefined), {
        deadlineMs: 60_000,
        describe: () => `reading ${readers.partitions()}, new cover ${expected}`,
      });
      expect(readers.partitions()).toEqual([...new Set([...cover, ...expected])].sort((x, y) => x - y));

      // The writer copies to the new cover: a copy reaches the server through a partition the old
      // cover lacked. Copied again at each look until then (the writer's look runs on its own timer).
      let n = 0;
      await waitUntil(
        () => {
          if (added.some((p) => (seen.get(p) ?? []).some((t) => t.includes('"moved-')))) return true;
          lane.copy({ kind: 'alert', alert: alert(`moved-${n++}`) });
          return undefined;
        },
        {
          deadlineMs: 60_000,
          describe: () =>
            `no copy on ${added}; seen per partition ${JSON.stringify([...seen].map(([p, t]) => [p, t.length]))}`,
        },
      );
      expect(lane.counts().failed).toBe(0);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      await cleanUp(
        [
          { name: 'lane', run: () => lane.stop() },
          { name: 'readers', run: () => readers.stop() },
          { name: 'admin', run: () => admin.disconnect() },
          { name: 'plan folder', run: () => rm(dir, { recursive: true, force: true }) },
        ],
        failure,
      );
    }
  }, 300_000);
});
