import { randomUUID } from 'node:crypto';
import {
  type Alert,
  alertSchema,
  decode,
  type RiskScore,
  riskScoreSchema,
  SCREEN_LANE_MAX_BYTES,
  type ScreenLaneEvent,
  screenLaneEventSchema,
  TOPICS,
  toEpochMs,
} from '@onegrid/contracts';
import type { KafkaClient, RecordBatch } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import type { LiveState } from '@onegrid/server';
import { AlertBoard } from './alert-board.ts';
import { FETCH_WAIT_MS } from './kafka-push-feed.ts';
import { readScreenLane, type ScreenLaneReaders } from './screen-lane-readers.ts';

export interface KafkaLiveFeed {
  /** Its readers' consumer groups: the server is ready once each is assigned (start.ts). */
  readonly groupIds: readonly string[];
  stop(): Promise<void>;
}

/**
 * A screen-lane message, or undefined for one over the size limit or not of its schema (checked
 * before parsing: the server trusts no topic's bytes, even onegrid's own).
 */
export function decodeScreenLane(text: string | null): ScreenLaneEvent | undefined {
  if (text === null || Buffer.byteLength(text, 'utf8') > SCREEN_LANE_MAX_BYTES) return undefined;
  const result = decode(screenLaneEventSchema, text);
  return result.ok ? result.value : undefined;
}

/**
 * Feeds the screens' `alerts` and `risk` channels straight from onegrid's output topics, the
 * moment the detectors publish, and from the processors' screen lane (packages/processors README
 * "Screen lane": each row copied at once, unbatched, to partitions a dead broker cannot hold),
 * the first copy of each alert status or score shown. Each server reads both contract topics
 * whole, from the beginning, in a consumer group of its own that is deleted on stop: every server
 * needs every alert and every district. The lane is read from its end by one reader per partition
 * the processors copy to (screen-lane-readers.ts): a dead broker stalls none of the others.
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
  const applyAlert = (alert: Alert, copy: boolean) => {
    const change = board.apply(alert);
    // A lane copy the board already holds changes nothing: not sent (each row comes 2-4 times).
    if (copy && Object.keys(change.upserts).length === 0 && change.removes.length === 0) return;
    live.publish('alerts', { ...change, asOf: alert.detected_at });
  };
  const applyScore = (score: RiskScore, copy: boolean) => {
    const t = toEpochMs(score.ts);
    const held = riskAt.get(score.district) ?? Number.NEGATIVE_INFINITY;
    // The contract's copy of a score at the same ts is published again (as before the lane); a
    // lane copy only when newer.
    if (t < held || (copy && t === held)) return;
    riskAt.set(score.district, t);
    const name = districtNames.get(score.district) ?? score.district;
    live.publish('risk', { upserts: { [score.district]: { ...score, name } }, asOf: score.ts });
  };
  const onLane = async (batch: RecordBatch) => {
    let refused = 0;
    for (const message of batch.records) {
      const event = decodeScreenLane(message.value?.toString('utf8') ?? null);
      if (event === undefined) refused++;
      else if (event.kind === 'alert') applyAlert(event.alert, true);
      else applyScore(event.score, true);
    }
    if (refused > 0) logger.error({ topic: batch.topic, refused }, 'output messages failed their contract');
  };
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
          if (result.ok) applyAlert(result.value, false);
          else refused++;
        } else {
          const result = decode(riskScoreSchema, text);
          if (result.ok) applyScore(result.value, false);
          else refused++;
        }
      }
      // onegrid wrote these itself; one that fails its own contract is a bug to see in the log.
      if (refused > 0) logger.error({ topic: batch.topic, refused }, 'output messages failed their contract');
    },
  });
  let lanes: ScreenLaneReaders;
  try {
    lanes = await readScreenLane(kafka, logger, onLane);
  } catch (error) {
    await reader.stop().catch((stopError: unknown) => {
      logger.warn({ err: stopError }, 'could not stop the feed reader after the lane failed to start');
    });
    throw error;
  }
  return {
    groupIds: [groupId, ...lanes.groupIds],
    async stop() {
      await lanes.stop();
      await reader.stop().catch((error: unknown) => {
        logger.warn({ err: error, groupId }, 'could not stop the feed reader or delete its group');
      });
    },
  };
}
