import { randomUUID } from 'node:crypto';
import { alertSchema, decode, riskScoreSchema, TOPICS, toEpochMs } from '@onegrid/contracts';
import type { Logger } from '@onegrid/logging';
import type { LiveState } from '@onegrid/server';
import type { Kafka } from 'kafkajs';
import { AlertBoard } from './alert-board.ts';

export interface KafkaLiveFeed {
  stop(): Promise<void>;
}

/**
 * Feeds the screens' `alerts` and `risk` channels straight from onegrid's output topics, the
 * moment the detectors publish (the other channels are polled from ClickHouse). Each server
 * reads both topics whole, from the beginning, in a consumer group of its own that is deleted on
 * stop: every server needs every alert and every district.
 */
export async function startKafkaLiveFeed(
  kafka: Kafka,
  live: LiveState,
  districtNames: ReadonlyMap<string, string>,
  logger: Logger,
): Promise<KafkaLiveFeed> {
  const groupId = `onegrid.server-feed.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const board = new AlertBoard();
  const riskAt = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.alerts, TOPICS.riskScores], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      let refused = 0;
      for (const message of batch.messages) {
        const text = message.value?.toString('utf8') ?? null;
        if (batch.topic === TOPICS.alerts) {
          const result = decode(alertSchema, text);
          if (!result.ok) {
            refused++;
            continue;
          }
          const change = board.apply(result.value);
          live.publish('alerts', { ...change, asOf: result.value.detected_at });
        } else {
          const result = decode(riskScoreSchema, text);
          if (!result.ok) {
            refused++;
            continue;
          }
          const score = result.value;
          const t = toEpochMs(score.ts);
          if (t < (riskAt.get(score.district) ?? Number.NEGATIVE_INFINITY)) continue;
          riskAt.set(score.district, t);
          const name = districtNames.get(score.district) ?? score.district;
          live.publish('risk', { upserts: { [score.district]: { ...score, name } }, asOf: score.ts });
        }
      }
      // onegrid wrote these itself; one that fails its own contract is a bug to see in the log.
      if (refused > 0) logger.error({ topic: batch.topic, refused }, 'output messages failed their contract');
    },
  });
  return {
    async stop() {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch((error: unknown) => {
        logger.warn({ err: error, groupId }, 'could not delete the feed consumer group');
      });
      await admin.disconnect();
    },
  };
}
