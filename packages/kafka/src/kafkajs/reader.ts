import type { Logger } from '@onegrid/logging';
import { AssignerProtocol, type Consumer, type IHeaders, type Kafka, type PartitionAssigner } from 'kafkajs';
import type { ReadOptions, TopicReader } from '../adapter.ts';
import { awaitGroupCoordinator, replacementGroupId } from './coordinator.ts';
import type { CrashHooks } from './crash-hooks.ts';

export function headersText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) text[name] = Array.isArray(value) ? String(value[0] ?? '') : String(value);
  }
  return text;
}

/**
 * kafkajs retries a failed fetch (a broker killed) by stopping every broker's fetcher, so this
 * bound is how long the partitions of the brokers still up go unread: ~0.3 s, then the reader
 * starts a new consumer (below). Upstream kafkajs would retry with a growing delay and then
 * restart after 5-7 s more (logged: "Restarting the consumer in 4980ms").
 */
const FETCH_RETRY = { initialRetryTime: 100, maxRetryTime: 400, retries: 2 } as const;
/**
 * How long a reader's start waits for its group's coordinator: a fresh three-broker cluster on a
 * loaded 2-core machine took over the client's ~50 s of retries (CI, 2026-12-07).
 */
const COORDINATOR_DEADLINE_MS = 180_000;
/** Delay before the n-th restart in a row without a batch read in between (a loop stays slow). */
const restartDelay = (failures: number) => (failures <= 1 ? 0 : Math.min(5_000, 250 * 2 ** (failures - 2)));

/**
 * Gives every member of the group `partitions` of `topic`, whatever the others have: a reader of
 * fixed partitions (kafkajs has no manual assign()). Each such reader is alone in its group.
 */
export function fixedPartitions(topic: string, partitions: readonly number[]): PartitionAssigner {
  const name = 'OnegridFixedPartitions';
  return () => ({
    name,
    version: 0,
    async assign({ members }) {
      return members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: { [topic]: [...partitions] },
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol: ({ topics }) => ({
      name,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    }),
  });
}

interface Position {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Set by a seek while the batch was handled: the batch's end must not overwrite it. */
  moved?: boolean;
}

/**
 * TopicReader over kafkajs consumers that never commit. The reader keeps each partition's next
 * offset itself. When the consumer crashes (a broker down: kafkajs gives up a fetch, or a
 * heartbeat to a dead coordinator) the reader starts a new consumer at once, in a new group, and
 * seeks every partition to where it was: no gap, no replay from the start. A new group because
 * the old one may still hold the crashed member (its LeaveGroup went to the dead coordinator):
 * a rejoin there waited for that member's session to expire (the soak's screens: 6-27 s behind
 * after a broker kill, the 27 s where the group's coordinator was the broker killed).
 */
export async function kafkajsRead(
  kafka: Kafka,
  options: ReadOptions,
  log: Logger,
  crashes: CrashHooks,
): Promise<TopicReader> {
  const next = new Map<string, Position>();
  const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const groups: string[] = [];
  let consumer: Consumer | undefined;
  let stopping = false;
  let failures = 0;
  let restarting: Promise<void> | undefined;

  const topic0 = options.topics[0];
  if (options.partitions !== undefined && (options.topics.length !== 1 || topic0 === undefined))
    throw new Error('a reader of fixed partitions reads one topic');
  const among =
    options.partitions === undefined || topic0 === undefined
      ? undefined
      : { topic: topic0, partitions: options.partitions };
  // Fixed partitions: the group's coordinator is one of their replicas (coordinator.ts).
  const firstGroup =
    among === undefined ? options.groupId : await replacementGroupId(kafka, options.groupId, log, among);
  // Finds the group's coordinator first, looked up again while it moves (coordinator.ts): on a
  // fresh cluster __consumer_offsets is being made, and the first join would crash twice. Each
  // look retries little: a refusal is answered by a new lookup, not by asking the same broker.
  const lookup = kafka.admin({ retry: { initialRetryTime: 200, retries: 2 } });
  await lookup.connect();
  try {
    await awaitGroupCoordinator(lookup, firstGroup, COORDINATOR_DEADLINE_MS, log);
  } finally {
    // Logged, not thrown: a failed disconnect must not replace the lookup's own error.
    await lookup.disconnect().catch((error: unknown) => {
      log.warn({ err: error }, 'kafka reader: could not disconnect the coordinator lookup');
    });
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Where "the end" is now, so that a restart before a partition's first batch starts there
    // too, not at the end of the moment of the restart (what came between would be skipped).
    if (options.fromBeginning === false)
      for (const topic of options.topics)
        for (const p of await admin.fetchTopicOffsets(topic))
          next.set(key(topic, p.partition), { topic, partition: p.partition, offset: Number(p.high) });
  } finally {
    await admin.disconnect();
  }

  const start = async (): Promise<void> => {
    // A replacement's group coordinated by a broker that accepts connections: the broker that
    // just died still leads a third of __consumer_offsets until it is fenced (see coordinator.ts).
    const groupId =
      groups.length === 0
        ? firstGroup
        : await replacementGroupId(kafka, `${options.groupId}.r${groups.length}`, log, among);
    if (groups.length > 0) log.info({ groupId, topics: options.topics }, 'kafka reader: replacement group');
    groups.push(groupId);
    const current = kafka.consumer({
      groupId,
      maxWaitTimeInMs: options.maxWaitMs ?? 250,
      ...(options.maxBytesPerPartition === undefined
        ? {}
        : { maxBytesPerPartition: options.maxBytesPerPartition }),
      // Every 1 s instead of 5 min: a restarted consumer asks anyway; this one sees a moved
      // leader on its next fetch instead of failing against the dead one until it crashes.
      metadataMaxAge: 1_000,
      retry: { ...FETCH_RETRY, restartOnFailure: async () => false },
      ...(among === undefined
        ? {}
        : { partitionAssigners: [fixedPartitions(among.topic, among.partitions)] }),
    });
    consumer = current;
    current.on(current.events.GROUP_JOIN, (event) => {
      for (const [topic, partitions] of Object.entries(event.payload.memberAssignment))
        for (const partition of partitions) {
          const at = next.get(key(topic, partition));
          if (at !== undefined) current.seek({ topic, partition, offset: String(at.offset) });
        }
    });
    // At the crash's log line (CrashHooks: kafkajs's CRASH event comes only after its
    // disconnect, 5 s later when the coordinator died), or at the event if no line was seen.
    const crashed = (error: unknown) => {
      crashes.remove(groupId);
      if (stopping || consumer !== current) return;
      consumer = undefined;
      log.warn(
        { err: error, groupId, topics: options.topics },
        'kafka reader crashed; reading on in a new group from where it was',
      );
      restarting = restart();
    };
    crashes.on(groupId, () => crashed(new Error('crash logged by kafkajs')));
    // kafkajs has disconnected it and, asked not to, will not restart it.
    current.on(current.events.CRASH, (event) => crashed(event.payload.error));
    try {
      await current.connect();
      await current.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
      await current.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          // A batch of a consumer already replaced is read again by its successor.
          if (consumer !== current) return;
          await options.onBatch({
            topic: batch.topic,
            partition: batch.partition,
            lastOffset: Number(batch.lastOffset()),
            highWatermark: Number(batch.highWatermark),
            records: batch.messages.map((m) => ({
              offset: Number(m.offset),
              key: m.key,
              value: m.value,
              timestamp: Number(m.timestamp),
              headers: headersText(m.headers),
            })),
          });
          const seekTo = next.get(key(batch.topic, batch.partition));
          // A seek from onBatch moved the position: keep it, not the batch's end.
          if (seekTo?.moved !== true)
            next.set(key(batch.topic, batch.partition), {
              topic: batch.topic,
              partition: batch.partition,
              offset: Number(batch.lastOffset()) + 1,
            });
          else seekTo.moved = false;
          failures = 0;
        },
      });
    } catch (error) {
      crashes.remove(groupId);
      await current.disconnect().catch(() => undefined);
      throw error;
    }
  };

  const restart = async (): Promise<void> => {
    while (!stopping) {
      failures++;
      await new Promise((resolve) => setTimeout(resolve, restartDelay(failures)));
      if (stopping) return;
      try {
        await start();
        return;
      } catch (error) {
        // The cluster not answering yet: the next attempt waits longer (restartDelay).
        log.warn(
          { err: error, groupId: options.groupId, failures },
          'kafka reader could not start again; retrying',
        );
      }
    }
  };

  await start();
  return {
    seek(topic, partition, offset) {
      next.set(key(topic, partition), { topic, partition, offset, moved: true });
      // kafkajs accepts a seek only once run() has started, which it has here.
      consumer?.seek({ topic, partition, offset: String(offset) });
    },
    async stop() {
      stopping = true;
      await restarting;
      for (const g of groups) crashes.remove(g);
      await consumer?.disconnect();
      if (options.deleteGroupOnStop !== true) return;
      const admin = kafka.admin();
      await admin.connect();
      try {
        // The groups of crashed consumers may still hold their member (its session not yet
        // expired) and refuse deletion: they go once it expires, holding no offsets.
        const left = groups.slice(0, -1);
        if (left.length > 0)
          await admin.deleteGroups(left).catch((error: unknown) => {
            log.info(
              { err: error, groups: left },
              "kafka reader could not delete its crashed consumers' groups yet; they expire empty",
            );
          });
        await admin.deleteGroups(groups.slice(-1));
      } finally {
        await admin.disconnect();
      }
    },
  };
}
