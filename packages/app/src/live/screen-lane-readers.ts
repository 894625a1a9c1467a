import { randomUUID } from 'node:crypto';
import { SCREEN_LANE_TOPIC } from '@onegrid/contracts';
import type { KafkaClient, RecordBatch, TopicReader } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { coverPartitions, lanePartitions, provisionScreenLane } from '@onegrid/processors';
import { FETCH_WAIT_MS } from './kafka-push-feed.ts';

/**
 * Reads the screen lane from its end, one reader per partition the processors copy each row to
 * (the cover of screen-lane-topic.ts, computed from the same replicas), each alone in a group
 * coordinated by one of its partition's replicas (ReadOptions.partitions). One reader of the
 * whole lane in one group stalled when any broker died: kafkajs stops every fetch of a consumer
 * when one broker's fails, and the consumer then crashes and starts again (screen-lane-reader-
 * kill e2e). Here the reader of the partition with no replica on the dead broker, coordinated
 * elsewhere too, reads on. From the end: what came before is the contract topics' to give.
 */
export async function readScreenLane(
  kafka: KafkaClient,
  logger: Logger,
  onBatch: (batch: RecordBatch) => Promise<void>,
): Promise<TopicReader[]> {
  const admin = kafka.admin();
  await admin.connect();
  let cover: number[];
  try {
    // A server started before any processor: the lane is made here (the same settings).
    await provisionScreenLane(admin);
    cover = coverPartitions(await lanePartitions(admin)).partitions;
  } finally {
    await admin.disconnect();
  }
  const run = randomUUID();
  // Started together: each chooses its group and joins on its own (seconds on a loaded host).
  const started = await Promise.allSettled(
    cover.map((partition) =>
      kafka.read({
        groupId: `onegrid.server-lane.${run}.p${partition}`,
        topics: [SCREEN_LANE_TOPIC],
        partitions: [partition],
        fromBeginning: false,
        maxWaitMs: FETCH_WAIT_MS,
        deleteGroupOnStop: true,
        onBatch,
      }),
    ),
  );
  const readers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    // The start's own error is the one thrown; a stop that fails too is logged, not lost.
    for (const reader of readers)
      await reader.stop().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not stop a screen-lane reader after a failed start');
      });
    throw failed.reason;
  }
  return readers;
}
