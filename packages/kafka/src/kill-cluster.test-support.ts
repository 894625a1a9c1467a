// Shared set-up of the broker-kill e2e tests: the three-broker cluster of infra/kafka
// (replication 3, min ISR 2), reset and started before a file's tests and stopped after, and
// the script that kills and restarts one of its nodes.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.ts';
import type { KafkaAdmin, PartitionOffsets } from './adapter.ts';
import { coordinatorPartition } from './kafkajs/coordinator.ts';

const KAFKA_SH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../infra/kafka/kafka.sh');

/** Runs infra/kafka/kafka.sh; a loaded 2-core machine can take minutes to start a JVM, so the script's own deadline is raised. */
export const kafkaSh = async (...args: string[]): Promise<string> =>
  (
    await promisify(execFile)('bash', [KAFKA_SH, ...args], {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, ONEGRID_KAFKA_START_TIMEOUT_S: '300' },
    })
  ).stdout.trim();

/**
 * The __consumer_offsets partition of a group, as Kafka picks it: Utils.abs (Math.abs, MIN_VALUE
 * → 0) of Java's String.hashCode; `hash & 0x7fffffff` before, another partition for a negative hash.
 */
const offsetsPartition = (groupId: string, partitions = 50): number =>
  coordinatorPartition(groupId, partitions);

/** Partitions of each test topic: enough that the killed node leads some. */
export const PARTITIONS = 6;

/**
 * Resets and starts the cluster before the file's tests and stops it after. Returns the
 * cluster's bootstrap servers, known once the start is done (call it inside a test).
 */
export function useKillCluster(): () => string {
  let brokers = '';
  beforeAll(async () => {
    await kafkaSh('reset', '--cluster');
    await kafkaSh('start', '--cluster');
    brokers = (await kafkaSh('bootstrap-servers', '--cluster')).split('\n').at(-1) ?? '';
  }, 300_000);
  afterAll(async () => {
    await kafkaSh('stop', '--cluster');
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
