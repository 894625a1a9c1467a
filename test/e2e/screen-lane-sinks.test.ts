// The processors' real alert and risk sinks (packages/processors outputs.ts: the contract's Kafka
// sink wrapped by screenCopySink) writing to a real broker with a real screen lane: each row is
// on the lane, as the contract topic will carry it, while the contract sink still holds it in
// its batch. No clock decides it: the lane copy is read before the sink is flushed.
import { randomInt, randomUUID } from 'node:crypto';
import {
  type Alert,
  alertSchema,
  decode,
  type RiskScore,
  riskScoreSchema,
  type ScreenLaneEvent,
  screenLaneEventSchema,
  TOPICS,
} from '@onegrid/contracts';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { startScreenLane } from '@onegrid/processors';
import { streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { describe, expect, inject, it } from 'vitest';
import { exampleWith } from '../../packages/contracts/src/fixtures/messages.ts';
import type { ProcessorContext } from '../../packages/processors/src/context.ts';
import { alertSink, riskScoreSink } from '../../packages/processors/src/outputs.ts';
import { waitUntil } from '../support/wait-until.ts';

const parsed = <T>(result: { ok: true; value: T } | { ok: false; error: { reason: string } }): T => {
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
};

describe('screen lane > the processors’ alert and risk sinks', () => {
  it('copy each row to the lane before their own batch is flushed, as the contract carries it', async () => {
    const logger = createLogger('e2e', 'warn');
    const kafka = createKafka(loadKafkaConfig({ KAFKA_BROKERS: inject('kafkaBrokers') }), logger);
    const admin = kafka.admin();
    await admin.connect();
    const existing = await admin.listTopics();
    const contract = [TOPICS.alerts, TOPICS.riskScores].filter((t) => !existing.includes(t));
    if (contract.length > 0)
      await admin.createTopics(contract.map((topic) => ({ topic, partitions: 3, replicationFactor: 1 })));
    const laneTopic = `e2e.screen-lane.sinks.${randomUUID()}`;
    await admin.createTopics([{ topic: laneTopic, partitions: 6, replicationFactor: 1 }]);
    const lane = await startScreenLane({ kafka, logger, now: Date.now, topic: laneTopic });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    // The context's Kafka parts are real; a minute's batch delay keeps the rows in the sinks.
    const ctx = {
      producer,
      screenLane: lane,
      logger,
      metrics: streamMetrics(new Registry()),
      sink: { maxRows: 10_000, maxDelayMs: 60_000 },
    } as unknown as ProcessorContext;
    const alerts = alertSink(ctx);
    const scores = riskScoreSink(ctx);
    const id = `al-${randomUUID()}`;
    const alert: Alert = parsed(decode(alertSchema, exampleWith(TOPICS.alerts, { alert_id: id })));
    // A district code of its own (6 digits), so a row of an earlier run is not taken for this one's.
    const district = String(randomInt(900_000, 1_000_000));
    const score: RiskScore = parsed(decode(riskScoreSchema, exampleWith(TOPICS.riskScores, { district })));

    const copies: ScreenLaneEvent[] = [];
    const reader = await kafka.read({
      groupId: `e2e-screen-lane-sinks-${randomUUID()}`,
      topics: [laneTopic],
      deleteGroupOnStop: true,
      maxWaitMs: 100,
      onBatch: async (batch) => {
        for (const r of batch.records)
          copies.push(parsed(decode(screenLaneEventSchema, r.value?.toString('utf8') ?? null)));
      },
    });
    try {
      const before = Date.now();
      const provenance = { topic: 'e2e', partition: 0, fromOffset: 0, toOffset: 0 };
      await alerts.write([alert], provenance);
      await scores.write([score], provenance);
      await waitUntil(
        () =>
          copies.some((c) => c.kind === 'alert' && c.alert.alert_id === id) &&
          copies.some((c) => c.kind === 'risk' && c.score.district === district)
            ? true
            : undefined,
        {
          deadlineMs: 30_000,
          describe: () => `copies: ${JSON.stringify(copies)}; lane ${JSON.stringify(lane.counts())}`,
        },
      );
      // Read from the lane while both rows still wait in their sinks' batches.
      expect(alerts.pending()).toBe(1);
      expect(scores.pending()).toBe(1);
      const alertCopy = copies.find((c) => c.kind === 'alert');
      const scoreCopy = copies.find((c) => c.kind === 'risk');
      expect(alertCopy?.kind === 'alert' ? alertCopy.alert : undefined).toEqual(alert);
      expect(scoreCopy?.kind === 'risk' ? scoreCopy.score : undefined).toEqual(score);
      expect(alertCopy?.emitted_at).toBeGreaterThanOrEqual(before);
      expect(lane.counts()).toMatchObject({ failed: 0, dropped: 0 });

      // The contract's copies once flushed: the same rows.
      await alerts.flush();
      await scores.flush();
      expect(alerts.pending()).toBe(0);
      const carried = new Map<string, unknown>();
      const contractReader = await kafka.read({
        groupId: `e2e-screen-lane-sinks-contract-${randomUUID()}`,
        topics: [TOPICS.alerts, TOPICS.riskScores],
        deleteGroupOnStop: true,
        maxWaitMs: 100,
        onBatch: async (batch) => {
          for (const r of batch.records) {
            const text = r.value?.toString('utf8') ?? null;
            if (batch.topic === TOPICS.alerts) {
              const a = decode(alertSchema, text);
              if (a.ok && a.value.alert_id === id) carried.set('alert', a.value);
            } else {
              const r2 = decode(riskScoreSchema, text);
              if (r2.ok && r2.value.district === district) carried.set('risk', r2.value);
            }
          }
        },
      });
      try {
        await waitUntil(() => (carried.size === 2 ? true : undefined), {
          deadlineMs: 30_000,
          describe: () => `contract rows read: ${[...carried.keys()].join(',')}`,
        });
      } finally {
        await contractReader.stop();
      }
      expect(carried.get('alert')).toEqual(alertCopy?.kind === 'alert' ? alertCopy.alert : undefined);
      expect(carried.get('risk')).toEqual(scoreCopy?.kind === 'risk' ? scoreCopy.score : undefined);
    } finally {
      await reader.stop();
      await alerts.close();
      await scores.close();
      await lane.stop();
      await producer.disconnect();
      await admin.deleteTopics([laneTopic]).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
