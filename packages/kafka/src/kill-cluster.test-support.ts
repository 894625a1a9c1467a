// Shared set-up of the broker-kill e2e tests: the three-broker cluster of infra/kafka
// (replication 3, min ISR 2), reset and started before a file's tests and stopped after, and
// the script that kills and restarts one of its nodes.
import { createLogger } from '@onegrid/logging';
import { afterAll, beforeAll, expect } from 'vitest';
import { runKafkaSh } from '../../../test/support/kafka-sh.ts';
import { waitUntil } from '../../../test/support/wait-until.ts';
import type { KafkaAdmin, PartitionOffsets } from './adapter.ts';
import { createKafka } from './client.ts';
import { loadKafkaConfig } from './config.ts';
import { coordinatorPartition } from './kafkajs/coordinator.ts';

/** Runs infra/kafka/kafka.sh (bounded: runKafkaSh). */
export const kafkaSh = (...args: string[]): Promise<string> => runKafkaSh(args);

/**
 * The __consumer_offsets partition of a group, as Kafka picks it: Utils.abs (Math.abs, MIN_VALUE
 * → 0) of Java's String.hashCode; `hash & 0x7fffffff` before, another partition for a negative hash.
 */
const offsetsPartition = (groupId: string, partitions = 50): number =>
  coordinatorPartition(groupId, partitions);

/** Partitions of each test topic: enough that the killed node leads some. */
export const PARTITIONS = 6;

/** __consumer_offsets's partitions (offsets.topic.num.partitions, Kafka's default 50). */
const OFFSETS_PARTITIONS = 50;
/** How long a fresh cluster may take to make and load __consumer_offsets (a loaded 2-core machine). */
const COORDINATORS_BOUND_MS = 150_000;

/** Group ids whose coordinators are, between them, every partition of __consumer_offsets. */
function groupsOnEveryOffsetsPartition(): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < OFFSETS_PARTITIONS; i++) {
    const groupId = `e2e-warm-${i}`;
    const partition = offsetsPartition(groupId, OFFSETS_PARTITIONS);
    if (!byPartition.has(partition)) byPartition.set(partition, groupId);
  }
  return [...byPartition.values()];
}

/**
 * Waits until every group coordinator of a fresh cluster answers. The first group lookup makes
 * __consumer_offsets; until its 50 partitions are led and loaded, a reader's first look at its
 * group fails with NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS, and on a machine at load
 * 25-37 that outlasted kafkajs's retries (3 of 5 cluster files failed so, 2026-12-07).
 */
async function waitForGroupCoordinators(brokers: string): Promise<void> {
  const admin = createKafka(
    loadKafkaConfig({ KAFKA_BROKERS: brokers, ONEGRID_KAFKA_CLIENT: 'kafkajs' }),
    createLogger('e2e', 'error'),
  ).admin();
  await admin.connect();
  const groups = groupsOnEveryOffsetsPartition();
  let last = '';
  try {
    await waitUntil(
      () =>
        admin.describeGroups(groups).then(
          () => true,
          (error: unknown) => {
            last = error instanceof Error ? error.message : String(error);
            return undefined;
          },
        ),
      { deadlineMs: COORDINATORS_BOUND_MS, intervalMs: 1_000, describe: () => `group coordinators: ${last}` },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Resets and starts the cluster before the file's tests and stops it after. Returns the
 * cluster's bootstrap servers, known once the start is done and every group coordinator answers
 * (call it inside a test).
 */
export function useKillCluster(): () => string {
  let brokers = '';
  beforeAll(async () => {
    await kafkaSh('reset', '--cluster');
    await kafkaSh('start', '--cluster');
    const servers = (await kafkaSh('bootstrap-servers', '--cluster')).split('\n').at(-1) ?? '';
    await waitForGroupCoordinators(servers);
    brokers = servers;
    // A reset, a start (kafka.sh's 300 s deadline and its probes) and the coordinators' wait.
  }, 600_000);
  afterAll(async () => {
    // Bounded below the hook's timeout: a stop that outlived its hook would go on holding the
    // cluster's lock, or stop the next file's cluster.
    await runKafkaSh(['stop', '--cluster'], 110_000);
  }, 120_000);
  return () => brokers;
}

/**
 * The node to kill: the coordinator of `groupId` (the first one: on a fresh cluster it may have
 * moved on to another while __consumer_offsets was being made), checked to lead `topic` too.
 */
export async function coordinatorToKill(admin: KafkaAdmin, groupId: string, topic: string): Promise<number> {
  const offsets = (await admin.topicPartitions(['__consumer_offsets'])).get('__consumer_offsets') ?? [];
  const coordinator = offsets.find((p) => p.partition === offsetsPartition(groupId))?.leader ?? 2;
  const leaders = (await admin.topicPartitions([topic])).get(topic) ?? [];
  expect(leaders.some((p) => p.leader === coordinator)).toBe(true);
  return coordinator;
}

/**
 * Waits until the controller has fenced the `dead` node (broker.session.timeout.ms) and moved
 * its partitions of `topic`, and 600 more messages went to their new leaders; or until the
 * producer stopped (its failures are the caller's to report).
 */
export async function waitForLeadersMoved(
  admin: KafkaAdmin,
  topic: string,
  dead: number,
  producer: { sent: () => number; producing: () => boolean; describe?: () => string },
): Promise<void> {
  let sentAfterMove: number | undefined;
  await waitUntil(
    async () => {
      if (!producer.producing()) return true;
      if (sentAfterMove === undefined) {
        const now = (await admin.topicPartitions([topic]).catch(() => undefined))?.get(topic);
        if (now?.every((p) => p.leader >= 0 && p.leader !== dead)) sentAfterMove = producer.sent();
        return undefined;
      }
      return producer.sent() >= sentAfterMove + 600 ? true : undefined;
    },
    {
      deadlineMs: 90_000,
      intervalMs: 500,
      describe: () =>
        `leaders moved at ${sentAfterMove}, sent ${producer.sent()}${producer.describe?.() ?? ''}`,
    },
  );
}

/** Waits until `next` (the next offset read, per partition) has reached the topic's ends now; returns those ends. */
export async function waitForReadToEnds(
  admin: KafkaAdmin,
  topic: string,
  next: ReadonlyMap<number, number>,
): Promise<PartitionOffsets[]> {
  const ends = await admin.topicOffsets(topic);
  await waitUntil(
    async () => (ends.every((e) => (next.get(e.partition) ?? 0) >= e.high) ? true : undefined),
    {
      deadlineMs: 90_000,
      intervalMs: 500,
      describe: () =>
        `read to ${JSON.stringify([...next].sort((a, b) => a[0] - b[0]))} of ${JSON.stringify(ends.map((e) => e.high))}`,
    },
  );
  return ends;
}
