import { randomUUID } from 'node:crypto';
import { SCREEN_LANE_TOPIC } from '@onegrid/contracts';
import type { KafkaClient, RecordBatch, TopicReader } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { coverPartitions, lanePartitions, provisionScreenLane, watchCover } from '@onegrid/processors';
import { FETCH_WAIT_MS } from './kafka-push-feed.ts';

export interface ScreenLaneReaders {
  /** The partitions read now, ascending. */
  partitions(): number[];
  /** The consumer group of each reader started at the start (each alone in its own). */
  readonly groupIds: readonly string[];
  /** Looks at the replicas now (the timer's work; tests): the partitions read after it. */
  recheck(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * Reads the screen lane from its end, one reader per partition the processors copy each row to
 * (the cover of screen-lane-topic.ts, computed from the same replicas), each alone in a group
 * coordinated by one of its partition's replicas (ReadOptions.partitions). One reader of the
 * whole lane in one group stalled when any broker died: kafkajs stops every fetch of a consumer
 * when one broker's fails, and the consumer then crashes and starts again (screen-lane-reader-
 * kill e2e). Here the reader of the partition with no replica on the dead broker, coordinated
 * elsewhere too, reads on. From the end: what came before is the contract topics' to give.
 *
 * A leader that moves is followed by each reader (kafkajs refreshes its metadata). Replicas that
 * move (an operator's reassignment, a grown topic) change the cover: the replicas are looked at
 * again every `recheckMs` (as the writers do, screen-lane.ts), and a partition a new cover adds
 * gets its reader. None is stopped: a writer still on the old cover until its own look copies
 * there (screen-lane-reassign e2e).
 */
export async function readScreenLane(
  kafka: KafkaClient,
  logger: Logger,
  onBatch: (batch: RecordBatch) => Promise<void>,
  options: { readonly recheckMs?: number } = {},
): Promise<ScreenLaneReaders> {
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
  const groupIdOf = (partition: number) => `onegrid.server-lane.${run}.p${partition}`;
  const readers = new Map<number, TopicReader>();
  let stopped = false;
  // Started together: each chooses its group and joins on its own (seconds on a loaded host).
  const startReaders = async (partitions: readonly number[]): Promise<void> => {
    const started = await Promise.allSettled(
      partitions.map(async (partition) => {
        const reader = await kafka.read({
          groupId: groupIdOf(partition),
          topics: [SCREEN_LANE_TOPIC],
          partitions: [partition],
          fromBeginning: false,
          maxWaitMs: FETCH_WAIT_MS,
          deleteGroupOnStop: true,
          onBatch,
        });
        readers.set(partition, reader);
        return reader;
      }),
    );
    const failed = started.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };
  const stopAll = async () => {
    stopped = true;
    // A look under way may be starting a reader: waited for, so that it is stopped below too.
    await watch?.stop();
    for (const reader of readers.values())
      await reader.stop().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not stop a screen-lane reader or delete its group');
      });
    readers.clear();
  };
  let watch: ReturnType<typeof watchCover> | undefined;
  try {
    await startReaders(cover);
  } catch (error) {
    // The start's own error is the one thrown; a stop that fails too is logged, not lost.
    await stopAll();
    throw error;
  }
  watch = watchCover(
    () => kafka.admin(),
    SCREEN_LANE_TOPIC,
    cover,
    async (next) => {
      const added = next.filter((p) => !readers.has(p));
      if (stopped || added.length === 0) return;
      logger.info(
        { partitions: added },
        'screen lane: replicas moved; reading the partitions of the new cover',
      );
      // A reader that failed to start is asked for again at the next look (the cover differs still).
      await startReaders(added);
    },
    {
      ...(options.recheckMs !== undefined ? { everyMs: options.recheckMs } : {}),
      warn: (error) => logger.warn({ err: error }, 'screen lane: could not look at its replicas; reading on'),
    },
  );
  return {
    partitions: () => [...readers.keys()].sort((a, b) => a - b),
    groupIds: cover.map(groupIdOf),
    async recheck() {
      await watch?.check();
      return [...readers.keys()].sort((a, b) => a - b);
    },
    stop: stopAll,
  };
}
