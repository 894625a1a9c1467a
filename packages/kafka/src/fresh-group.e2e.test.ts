// Each client's group source when a second member joins a group that has committed nothing yet
// (a fresh deployment, a new topic): after the rebalance a member must read its partitions
// again from their commits, here from the start. The soak on @platformatic/kafka lost the
// first 2,512 readings of one partition this way: its stream kept, for a partition with no
// commit, the position it had fetched to in the generation before, and what the runtime had
// dropped there as stale was never read again.
import { randomUUID } from 'node:crypto';
import { createLogger } from '@onegrid/logging';
import { describe, expect, inject, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.ts';
import type { KafkaClientName } from './adapter.ts';
import { createKafka } from './client.ts';
import { loadKafkaConfig } from './config.ts';
import type { BatchControl } from './group-source.ts';

const PARTITIONS = 6;
const PER_PARTITION = 500;

/** Resolves once the batch learns the group is rebalancing (kafkajs: a refused heartbeat). */
const rebalanced = (control: BatchControl) =>
  waitUntil(
    async () => {
      if (control.isStale()) return true;
      try {
        await control.heartbeat();
      } catch {
        return true;
      }
      return undefined;
    },
    { deadlineMs: 60_000, intervalMs: 200, describe: () => 'the second member never joined' },
  );

describe.each<KafkaClientName>(['kafkajs', 'platformatic'])(
  'kafka > %s group source, a member joining a group without commits',
  (client) => {
    it('reads every partition from the start again after a rebalance when nothing was committed', async () => {
      const kafka = createKafka(
        loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers'), ONEGRID_KAFKA_CLIENT: client }),
        createLogger('e2e', 'warn'),
      );
      const admin = kafka.admin();
      await admin.connect();
      const topic = `e2e.fresh-group.${client}.${randomUUID()}`;
      const groupId = `e2e-fresh-group-${randomUUID()}`;
      await admin.createTopics([{ topic, partitions: PARTITIONS }]);
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      for (let p = 0; p < PARTITIONS; p++) {
        await producer.send({
          topic,
          messages: Array.from({ length: PER_PARTITION }, (_, i) => ({ value: `${p}:${i}`, partition: p })),
        });
      }
      await producer.disconnect();

      // A reads alone, then B joins and leaves again; nobody commits. After B has left, A owns
      // every partition again and, with nothing committed, must hand over every offset from the
      // start (the runtime rebuilds a partition's state from its commit after a rebalance).
      const delivered = Array.from({ length: PARTITIONS }, () => new Set<number>());
      let first = true;
      let bJoined = false;
      let bStopped = false;
      let counting = false;
      const a = kafka.groupSource({ groupId, topic });
      const b = kafka.groupSource({ groupId, topic });
      try {
        await a.start({
          onAssignment: (partitions) => {
            if (bStopped && partitions.length === PARTITIONS) {
              counting = true;
              for (const d of delivered) d.clear();
            }
          },
          onRebalancing: () => undefined,
          onBatch: async (batch, control) => {
            if (counting) for (const m of batch.messages) delivered[batch.partition]?.add(m.offset);
            // The first batch lasts until B has joined: the group rebalances under it.
            if (first) {
              first = false;
              await waitUntil(async () => (bJoined ? true : undefined), {
                deadlineMs: 60_000,
                describe: () => 'the second member did not start',
              });
              await rebalanced(control);
            }
          },
        });
        await waitUntil(async () => (!first ? true : undefined), {
          deadlineMs: 60_000,
          describe: () => 'the first member read nothing',
        });
        let bRead = 0;
        await b.start({
          onAssignment: () => undefined,
          onRebalancing: () => undefined,
          onBatch: async (batch) => {
            bRead += batch.messages.length;
          },
        });
        bJoined = true;
        await waitUntil(async () => (bRead > 0 ? true : undefined), {
          deadlineMs: 90_000,
          describe: () => 'the second member read nothing',
        });
        bStopped = true;
        await b.stop();
        const missing = () =>
          `counting ${counting}; ${delivered.map((offsets, p) => `${p}: ${PER_PARTITION - offsets.size} missing`).join(', ')}`;
        await waitUntil(async () => (delivered.every((d) => d.size === PER_PARTITION) ? true : undefined), {
          deadlineMs: 90_000,
          intervalMs: 500,
          describe: missing,
        });
        expect(delivered.map((d) => d.size)).toEqual(Array(PARTITIONS).fill(PER_PARTITION));
      } finally {
        await Promise.allSettled([a.stop(), b.stop()]);
        await admin.deleteGroups([groupId]).catch(() => undefined);
        await admin.disconnect();
      }
    }, 240_000);
  },
);
