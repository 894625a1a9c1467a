import { randomUUID } from 'node:crypto';
import { alertSchema, decode, riskScoreSchema, TOPICS, toEpochMs } from '@onegrid/contracts';
import type { KafkaClient } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import type { LiveState } from '@onegrid/server';
import { AlertBoard } from './alert-board.ts';
import { FETCH_WAIT_MS } from './kafka-push-feed.ts';

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
  kafka: KafkaClient,
  live: LiveState,
  districtNames: ReadonlyMap<string, string>,
  logger: Logger,
): Promise<KafkaLiveFeed> {
  const groupId = `onegrid.server-feed.${randomUUID()}`;
  const board = new AlertBoard();
  const riskAt = new Map<string, number>();
  const reader = await kafka.read({
    groupId,
    topics: [TOPICS.alerts, TOPICS.riskScores],
    maxWaitMs: FETCH_WAIT_MS,
    deleteGroupOnStop: true,
    onBatch: async (batch) => {
      let refused = 0;
      for (const message of batch.records) {
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
      await reader.stop().catch((error: unknown) => {
        logger.warn({ err: error, groupId }, 'could not stop the feed reader or delete its group');
      });
    },
  };
}
