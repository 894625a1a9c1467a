import type { ClickHouseClient } from '@clickhouse/client';
import { INPUT_TOPICS, INTERNAL_TOPICS, streamCodec } from '@onegrid/contracts';
import type { KafkaClient as Kafka, KafkaConfig, KafkaProducer as Producer } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import {
  type PartitionProgress,
  type ProcessorDefinition,
  type ProcessorFailure,
  type RunningProcessor,
  runProcessor,
  type StreamMetrics,
} from '@onegrid/stream';
import type { z } from 'zod';
import { DEFAULT_HOLD, type ProcessorContext } from './context.ts';
import { ProcessorsError } from './errors.ts';
import { type LiveLane, startLiveLane } from './live/live-lane.ts';
import { startLiveLaneThread } from './live/live-lane-thread.ts';
import { type ScreenLane, startScreenLane } from './live/screen-lane.ts';
import { loadDistrictCodes } from './registry/district-codes.ts';
import { followRegistries, type RegistryFeed } from './registry/registry-consumer.ts';
import { startUtilityWorker, UTILITY_PROCESSOR } from './worker/worker-processor.ts';

/** Builds the definitions of the processors to run, from a context the caller cannot build alone. */
export type ProcessorCatalogue = (
  ctx: ProcessorContext,
) => Promise<readonly ProcessorDefinition<z.ZodType, unknown>[]>;

export interface ProcessorsOptions {
  readonly kafka: Kafka;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly metrics: StreamMetrics;
  readonly catalogue: ProcessorCatalogue;
  readonly sink?: ProcessorContext['sink'];
  readonly commitIntervalMs?: number;
  /** See ProcessorContext.hold (default DEFAULT_HOLD); tests shorten the grace period. */
  readonly hold?: Partial<ProcessorContext['hold']>;
  /** See ProcessorContext.sourceIdleMs (default 60 s). */
  readonly sourceIdleMs?: number;
  /** Consumer groups are `<prefix><name>`; tests use a unique prefix. */
  readonly groupPrefix?: string;
  /**
   * Runs the catalogue's `utility-inactivity` processor in a worker thread of this process, on
   * the machine's other core (issue 17): the worker makes its own Kafka client from this config
   * and reaches the store through this thread. Off by default (see the README's "Throughput").
   */
  readonly utilityWorker?: { readonly kafka: KafkaConfig };
  /**
   * Runs the hot standby of the screens' cheap live channels (see startLiveLane; default off):
   * `true` on this thread, `{ worker }` in a worker thread with its own Kafka client.
   */
  readonly liveLane?: boolean | { readonly worker: KafkaConfig };
  /**
   * Copies every alert and score given to the sinks to the screens' lane at once ("Screen lane");
   * default: with the live lane. The utility worker is given the owner's choice: its alerts are
   * the ones a duty officer waits for.
   */
  readonly screenLane?: boolean;
}

export interface ProcessorStatus {
  readonly name: string;
  readonly topic: string;
  readonly processed: number;
  /** Messages held while a registry catches up (see ProcessorContext.hold). */
  readonly held: number;
  /** Messages not yet read, over all owned partitions (Infinity before the first batch). */
  readonly lag: number;
  /** The lowest watermark of its partitions (event time, epoch ms). */
  readonly watermark: number;
  readonly partitions: readonly PartitionProgress[];
  /** Set once it stopped on a failure no retry can cure (e.g. a table refusing its rows). */
  readonly failure: ProcessorFailure | undefined;
}

export interface RunningProcessors {
  readonly registry: RegistryFeed;
  /**
   * True once the live lane's groups are assigned (or there is no lane), false when they were not
   * within the lane's bound. Never rejects. For readiness alone: nothing the processors output
   * waits on it (the lane is only for speed).
   */
  readonly whenWarm: Promise<boolean>;
  status(): ProcessorStatus[];
  stop(): Promise<void>;
}

/**
 * Starts onegrid's processors in this process: loads the registries first (processors look ids
 * up in them), then runs each processor of the catalogue in its own consumer group, sharing one
 * producer, and one more for the packed high-volume topics (`ProcessorContext.bulkProducer`).
 * `stop` stops every processor at once (each flushes, commits and leaves its group), then the
 * producers and the registries.
 */
export async function startProcessors(options: ProcessorsOptions): Promise<RunningProcessors> {
  const logger = options.logger;
  const districts = await loadDistrictCodes(options.clickhouse);
  const registry = await followRegistries(options.kafka, logger);
  registry.state.useDistrictCodes(districts);
  const producer: Producer = options.kafka.producer({ idempotent: true });
  await producer.connect();
  const bulkProducer: Producer = options.kafka.producer({ idempotent: true });
  await bulkProducer.connect();
  const producers = [producer, bulkProducer];
  const partitionCounts = await countPartitions(options.kafka);
  const partitions = (topic: string) => {
    const n = partitionCounts.get(topic);
    if (n === undefined)
      throw new ProcessorsError('TOPIC_NOT_PROVISIONED', `topic ${topic} is not provisioned`);
    return n;
  };
  // The screens' lane for alerts and scores runs with the live lane (same switch): only for speed,
  // so one that cannot start is logged and the screens follow the contract topics alone.
  const wantScreenLane =
    options.screenLane ?? (options.liveLane === true || typeof options.liveLane === 'object');
  const screenLane = wantScreenLane
    ? await startScreenLane({ kafka: options.kafka, logger, now: Date.now }).catch((error: unknown) => {
        logger.error(
          { err: error },
          'screen lane could not start; alerts and scores reach the screens batched',
        );
        return undefined;
      })
    : undefined;
  const ctx: ProcessorContext = {
    clickhouse: options.clickhouse,
    producer,
    bulkProducer,
    ...(screenLane === undefined ? {} : { screenLane }),
    registry: registry.state,
    registryCurrent: registry.current,
    partitions,
    partitionFor: (topic, key) => options.kafka.partitionFor(key, partitions(topic)),
    logger,
    metrics: options.metrics,
    sink: options.sink ?? { maxRows: 20_000, maxDelayMs: 1_000 },
    commitIntervalMs: options.commitIntervalMs ?? 5_000,
    sourceIdleMs: options.sourceIdleMs ?? 60_000,
    hold: { ...DEFAULT_HOLD, ...options.hold },
  };
  const running: { name: string; topic: string; processor: RunningProcessor }[] = [];
  let lane: LiveLane | undefined;
  try {
    // First: it starts at the topics' ends, and the archives may take seconds to join. Its start
    // does not wait for its groups' assignment (`whenAssigned`, readiness only).
    const prefix = options.groupPrefix !== undefined ? { groupPrefix: options.groupPrefix } : {};
    const liveLane = options.liveLane;
    // The lane only speeds the screens up: one that cannot start is logged, the archives go on.
    if (liveLane === true || typeof liveLane === 'object')
      lane = await (liveLane === true
        ? startLiveLane({ kafka: options.kafka, registry: registry.state, logger, ...prefix })
        : startLiveLaneThread({ kafka: liveLane.worker, logger, districts, ...prefix })
      ).catch((error: unknown) => {
        logger.error({ err: error }, 'live lane could not start; the screens follow the archives alone');
        return undefined;
      });
    const defs = await options.catalogue(ctx);
    // The worker first: started after the archives, it would find them a second or two ahead
    // (its own registries and producers to load), and a bench would time the archives alone.
    if (options.utilityWorker !== undefined && defs.some((d) => d.name === UTILITY_PROCESSOR))
      running.push(
        await startUtilityWorker({
          kafka: options.utilityWorker.kafka,
          clickhouse: options.clickhouse,
          logger,
          metrics: options.metrics,
          options: {
            ...(options.sink !== undefined ? { sink: options.sink } : {}),
            ...(options.commitIntervalMs !== undefined ? { commitIntervalMs: options.commitIntervalMs } : {}),
            ...(options.sourceIdleMs !== undefined ? { sourceIdleMs: options.sourceIdleMs } : {}),
            ...(options.groupPrefix !== undefined ? { groupPrefix: options.groupPrefix } : {}),
            screenLane: wantScreenLane,
          },
        }),
      );
    for (const def of defs) {
      if (options.utilityWorker !== undefined && def.name === UTILITY_PROCESSOR) continue;
      const groupId = `${options.groupPrefix ?? 'onegrid.'}${def.name}`;
      const processor = await runProcessor(def, {
        consumer: options.kafka.groupSource({ groupId, topic: def.topic }),
        producer,
        codec: streamCodec,
        logger,
        metrics: options.metrics,
        now: Date.now,
      });
      running.push({ name: def.name, topic: def.topic, processor });
    }
  } catch (error) {
    await stopAll(running, producers, registry, lane, screenLane);
    throw error;
  }
  return {
    registry,
    whenWarm: lane?.whenAssigned ?? Promise.resolve(true),
    status: () =>
      running.map(({ name, topic, processor }) => {
        const progress = processor.progress();
        return {
          name,
          topic,
          processed: progress.processed,
          held: progress.held,
          lag: progress.partitions.reduce((sum, p) => sum + p.lag, 0),
          watermark: Math.min(...progress.partitions.map((p) => p.watermark)),
          partitions: progress.partitions,
          failure: progress.failure,
        };
      }),
    stop: () => stopAll(running, producers, registry, lane, screenLane),
  };
}

async function stopAll(
  running: { name: string; topic: string; processor: RunningProcessor }[],
  producers: readonly Producer[],
  registry: RegistryFeed,
  lane: LiveLane | undefined,
  screenLane?: ScreenLane,
): Promise<void> {
  // All at once: each flushes what it emitted and commits, so order does not matter for what is
  // kept; one by one, a processor still running would take over the partitions another instance
  // of the same group gives up as it shuts down, and publish for archives already stopped.
  await Promise.all([...running.map(({ processor }) => processor.stop()), lane?.stop()]);
  await Promise.all([...producers.map((p) => p.disconnect()), screenLane?.stop()]);
  await registry.stop();
}

async function countPartitions(kafka: Kafka): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = [...INPUT_TOPICS, ...Object.values(INTERNAL_TOPICS)];
    const metadata = await admin.topicPartitions(topics);
    return new Map([...metadata].map(([name, partitions]) => [name, partitions.length]));
  } finally {
    await admin.disconnect();
  }
}
