import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { GroupSourceOptions } from '../adapter.ts';
import type { CommittedOffset, ConsumerClient, ConsumerHandlers, RawMessage } from '../group-source.ts';

/** Errors that mean the group's coordinator moved to another broker (or is moving). */
const COORDINATOR_MOVED = new Set([
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_COORDINATOR',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_NOT_AVAILABLE',
]);

/** Whether `error`, or an error it wraps (kafkajs retries wrap the last one), says the coordinator moved. */
export function coordinatorMoved(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const { type, originalError, cause } = e as { type?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof type === 'string' && COORDINATOR_MOVED.has(type)) return true;
    e = originalError ?? cause;
  }
  return false;
}

/**
 * A batch's messages as RawMessages: lean records (numeric offsets, see `leanRecords`) are
 * already, kafkajs's own are mapped (their offsets are text). One partition's batch can hold
 * several record batches, lean decided per record batch: those whose offsets could pass 2^53
 * are not. Offsets increase, so a lean last message means all are; else all are mapped.
 */
export function rawMessages(messages: readonly KafkaMessage[]): readonly RawMessage[] {
  const first = messages[0]?.offset as unknown;
  const last = messages[messages.length - 1]?.offset as unknown;
  if (typeof first === 'number' && typeof last === 'number') return messages as unknown as RawMessage[];
  return messages.map((m) => ({ offset: Number(m.offset), key: m.key ?? null, value: m.value }));
}

/** ConsumerClient over a kafkajs consumer group, committing by hand with metadata. */
export function kafkajsGroupSource(kafka: Kafka, options: GroupSourceOptions): ConsumerClient {
  const { groupId, topic } = options;
  let consumer: Consumer | undefined;
  let admin: Admin | undefined;
  let runConfig: Parameters<Consumer['run']>[0];
  let handlers: ConsumerHandlers | undefined;
  let rejoining: Promise<void> | undefined;
  let closing = false;
  let restartPending = false;

  // kafkajs sends manual commits to the coordinator it found when it joined, and looks again
  // only if that connection drops: after a broker restart moved the coordinator, every commit
  // failed with NOT_COORDINATOR for good (seen in the soak test) while fetching went on. Leaving
  // and joining again makes it look the coordinator up. The member gives up its partitions
  // first: another member may own them meanwhile, so their state is rebuilt from the committed
  // offsets when they come back, as after any rebalance.
  const rejoin = (owner: ConsumerHandlers): void => {
    // kafkajs restarting a crashed runner joins again by itself (and a second run() beside
    // its restart would make two members of one consumer).
    if (rejoining !== undefined || restartPending || consumer === undefined) return;
    const current = consumer;
    owner.onRebalancing();
    owner.onAssignment([]);
    // Not awaited by the caller: stop() waits for the batch in flight, which may be the caller.
    rejoining = (async () => {
      await current.stop();
      // run() only fails before it starts (kafkajs restarts a crashed runner itself): try again
      // until it starts or the client is stopped, rather than leave the group without a member.
      for (let attempt = 0; !closing; attempt++) {
        try {
          await current.run(runConfig);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)));
        }
      }
    })()
      // A failed stop() leaves kafkajs's own crash handling in charge; nothing else to do here.
      .catch(() => undefined)
      .finally(() => {
        rejoining = undefined;
      });
  };

  return {
    async start(given: ConsumerHandlers) {
      handlers = given;
      admin = kafka.admin();
      await admin.connect();
      consumer = kafka.consumer({
        groupId,
        // A crashed member is noticed after this long; its partitions then move to the others.
        // Not shorter than 10 s: a member busy in one batch longer (state restore under load)
        // would be evicted, and the broker's floor (6 s) would still be far from the screens' 1 s.
        sessionTimeout: options.sessionTimeoutMs ?? 10_000,
        rebalanceTimeout: Math.max(60_000, options.sessionTimeoutMs ?? 0),
        // The others learn of that rebalance at their next heartbeat: 1 s, not 3 s, after the
        // session expired (the soak's partitions moved 13.3 s after a SIGKILL).
        heartbeatInterval: 1_000,
        maxWaitTimeInMs: 250,
        // 256 KiB. kafkajs fetches, hands every batch of the fetch to eachBatch, and fetches again
        // only once all are handled: a whole fetch's messages stay alive until its last batch is
        // done. When handling a fetch takes longer than the time between two young-generation
        // GCs, they are copied and promoted (the runtime's decode and windows take 2-3 times raw
        // consume's time per message): at 4 MiB per partition V8's GC threads took 0.35-0.41
        // CPU-s per 300,000 readings of the runtime bench, at 1 MiB 0.42-0.85 per 1,000,000 (mostly 10-15
        // MB promoted per scavenge, a mark-compact every 1.5 s), at 256 KiB 0.17-0.39 (2-5 MB),
        // and the runtime's readings per CPU-second rose, medians 306k -> 366k (issue 17,
        // docs/measurements.md 2026-12-07 "the runtime alone against raw consume").
        maxBytesPerPartition: options.maxBytesPerPartition ?? 256 * 1024,
        // Records as {offset (a number), key, value} only, read in place from the fetch
        // (patches/README.md): kafkajs's record objects (a buffer and a decoder per record, the
        // offset and timestamp as text, headers) and a RawMessage made from each were a third
        // of what the runtime bench allocated per reading (issue 17).
        leanRecords: options.leanRecords ?? true,
        allowAutoTopicCreation: false,
      });
      consumer.on(consumer.events.REBALANCING, () => given.onRebalancing());
      consumer.on(consumer.events.CRASH, (event) => {
        restartPending = event.payload.restart;
      });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        restartPending = false;
        given.onAssignment(event.payload.memberAssignment[topic] ?? []);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      runConfig = {
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isStale }) => {
          if (batch.messages.length === 0) return;
          await given.onBatch(
            {
              topic: batch.topic,
              partition: batch.partition,
              highWatermark: Number(batch.highWatermark),
              messages: rawMessages(batch.messages),
            },
            { heartbeat, pause, isStale },
          );
          resolveOffset(batch.lastOffset());
        },
      };
      await consumer.run(runConfig);
    },

    async committed(partition: number): Promise<CommittedOffset | undefined> {
      if (admin === undefined) throw new Error('consumer not started');
      const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const entry = result?.partitions.find((p) => p.partition === partition);
      if (entry === undefined || Number(entry.offset) < 0) return undefined;
      return { offset: Number(entry.offset), metadata: entry.metadata };
    },

    async commit(points) {
      if (consumer === undefined || points.length === 0) return;
      try {
        await consumer.commitOffsets(
          points.map((p) => ({
            topic,
            partition: p.partition,
            offset: String(p.offset),
            metadata: p.metadata,
          })),
        );
      } catch (error) {
        if (coordinatorMoved(error) && handlers !== undefined) rejoin(handlers);
        throw error;
      }
    },

    async stop() {
      closing = true;
      await rejoining;
      await consumer?.disconnect();
      await admin?.disconnect();
    },
  };
}
