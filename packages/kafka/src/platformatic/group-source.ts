import type { Logger } from '@onegrid/logging';
import { ConnectionPool, Consumer } from '@platformatic/kafka';
import type { GroupSourceOptions, KafkaAdmin } from '../adapter.ts';
import type { CommittedOffset, ConsumerClient, ConsumerHandlers } from '../group-source.ts';
import { platformaticAdmin } from './admin.ts';
import type { PlatformaticBase } from './base.ts';
import { batchStream, type StreamMessage } from './batches.ts';
import { memberCommitter } from './commit.ts';
import { FETCH_MAX_BYTES } from './fetch-size.ts';
import { retryDelay } from './retry.ts';

/**
 * ConsumerClient over a @platformatic/kafka consumer group (classic protocol). What 2.12.1
 * lacks is built here:
 * - commit metadata: its `commit()` always sends `committedMetadata: null`, so commits go as
 *   raw OffsetCommit v8 requests to the group's coordinator, with the member's generation;
 * - per-partition pause: batches are handed over one at a time and the whole stream is paused
 *   meanwhile, so a partition that waits holds back nothing but itself and the member's other
 *   partitions (as kafkajs with one partition consumed at a time); `pause()` has nothing to do;
 * - heartbeats run on the client's own timer whatever the handler does, so `heartbeat()` has
 *   nothing to do either.
 * Each generation reads from a stream of its own, started at the committed offsets (or the
 * fallback where there are none), as the runtime expects after a rebalance; batches of an
 * earlier stream are dropped.
 * The client's stream ends for good on the first fetch that fails after its retries (a broker
 * killed, its partitions not moved yet): the member then consumes again from the committed
 * offsets (the runtime skips what it has seen), with a growing delay, until it is stopped.
 */
export function platformaticGroupSource(
  base: PlatformaticBase,
  options: GroupSourceOptions,
  log: Logger,
): ConsumerClient {
  const { groupId, topic } = options;
  let consumer: Consumer | undefined;
  let stream: Awaited<ReturnType<Consumer['consume']>> | undefined;
  let admin: KafkaAdmin | undefined;
  const pool = new ConnectionPool(base.clientId);
  let generation = -1;
  let assigned = new Set<number>();
  const highs = new Map<number, number>();
  let highsTimer: NodeJS.Timeout | undefined;
  /** Which stream is current: batches of a failed one are dropped. */
  let incarnation = 0;
  let stopping = false;
  let commitPoints: ReturnType<typeof memberCommitter> | undefined;

  const refreshHighs = async () => {
    if (admin === undefined) return;
    for (const p of await admin.topicOffsets(topic)) highs.set(p.partition, p.high);
  };

  const consume = async (member: Consumer, handlers: ConsumerHandlers): Promise<void> => {
    const mine = ++incarnation;
    const current = await member.consume({
      topics: [topic],
      mode: 'committed',
      fallbackMode: options.fromBeginning === false ? 'latest' : 'earliest',
      autocommit: false,
    });
    // A newer stream was asked for meanwhile (a rebalance during a restart): that one reads.
    if (mine !== incarnation || stopping) {
      void current.close().catch(() => undefined);
      return;
    }
    stream = current;
    batchStream(
      current,
      async (_topic, partition, messages: StreamMessage[]) => {
        const gen = generation;
        const last = messages.at(-1);
        if (last === undefined || !assigned.has(partition) || mine !== incarnation) return;
        highs.set(partition, Math.max(highs.get(partition) ?? 0, Number(last.offset) + 1));
        await handlers.onBatch(
          {
            topic,
            partition,
            highWatermark: highs.get(partition) ?? Number(last.offset) + 1,
            messages: messages.map((m) => ({
              offset: Number(m.offset),
              key: m.key ?? null,
              value: m.value ?? null,
            })),
          },
          {
            heartbeat: async () => undefined,
            pause: () => () => undefined,
            isStale: () => generation !== gen || !assigned.has(partition) || mine !== incarnation,
          },
        );
      },
      (error) => {
        if (mine !== incarnation || stopping) return;
        incarnation++;
        log.warn({ err: error, groupId, topic }, 'kafka group source: stream failed; consuming again');
        void current.close().catch(() => undefined);
        void restart(member, handlers);
      },
    );
  };

  /** Consumes again until it works or the source stops; each failure said, each wait longer. */
  const restart = async (member: Consumer, handlers: ConsumerHandlers, now = false): Promise<void> => {
    for (let attempt = 1; !stopping; attempt++) {
      if (!now || attempt > 1) {
        await new Promise((resolve) => setTimeout(resolve, retryDelay(Math.min(attempt, 6))));
      }
      if (stopping) return;
      try {
        await consume(member, handlers);
        return;
      } catch (error) {
        log.error({ err: error, groupId, topic, attempt }, 'kafka group source: consuming again failed');
      }
    }
  };

  return {
    async start(handlers: ConsumerHandlers) {
      admin = platformaticAdmin(base);
      const member = new Consumer({
        ...base,
        groupId,
        autocommit: false,
        // A crashed member is noticed after this long; its partitions then move to the others.
        // Not shorter than 10 s: a member busy in one batch longer (state restore under load)
        // would be evicted, and the broker's floor (6 s) would still be far from the screens' 1 s.
        sessionTimeout: options.sessionTimeoutMs ?? 10_000,
        rebalanceTimeout: Math.max(60_000, options.sessionTimeoutMs ?? 0),
        // The others learn of that rebalance at their next heartbeat: 1 s, not 3 s, after the
        // session expired (the soak's partitions moved 13.3 s after a SIGKILL).
        heartbeatInterval: 1_000,
        maxWaitTime: 250,
        maxBytes: FETCH_MAX_BYTES,
        ...(options.maxBytesPerPartition === undefined
          ? {}
          : { maxBytesPerPartition: options.maxBytesPerPartition }),
      });
      consumer = member;
      // Tracked once for the source's whole life: the client untracks a stream's topics when it
      // closes, and a member whose last stream had failed joined the group with no topics, then
      // crashed the process assigning them once the next stream tracked the topic again
      // (TypeError reading partitionsCount in #createAssignments; soak 14-02-01). Each stream
      // also made it leave and join again: a rebalance of the whole group per failed fetch.
      member.topics.track(topic);
      member.on('consumer:group:rebalance', () => handlers.onRebalancing());
      member.on('consumer:group:join', (payload) => {
        generation = payload.generationId ?? member.generationId;
        const mine = payload.assignments?.find((a) => a.topic === topic)?.partitions ?? [];
        assigned = new Set(mine);
        handlers.onAssignment(mine);
        // Each generation reads from a stream of its own. The client's stream keeps its fetch
        // position across a rebalance for a partition that has no commit yet (it seeds the
        // fallback offset only where it has none), so what it had handed over in the generation
        // before, and the runtime dropped as stale, was never read again: the soak lost the
        // first 2,512 readings of a partition of a fresh group (fresh-group.e2e.test.ts). A new
        // stream starts at the commits, or at the fallback where there are none. The first join
        // comes before the first stream. The old stream closes once the new one exists: the
        // client leaves and joins the group again when a consume finds its topic untracked, and
        // that rebalance would come back here.
        const previous = stream;
        if (previous === undefined || stopping) return;
        stream = undefined;
        incarnation++;
        void restart(member, handlers, true).finally(() => previous.close().catch(() => undefined));
      });
      await refreshHighs();
      highsTimer = setInterval(() => {
        refreshHighs().catch(() => undefined); // lag figures only; the next round tries again
      }, 1_000);
      commitPoints = memberCommitter(member, pool, groupId, topic);
      await consume(member, handlers);
    },

    async committed(partition: number): Promise<CommittedOffset | undefined> {
      if (admin === undefined) throw new Error('consumer not started');
      const entry = (await admin.groupOffsets(groupId, topic)).find((p) => p.partition === partition);
      if (entry === undefined || entry.offset < 0) return undefined;
      return { offset: entry.offset, metadata: entry.metadata };
    },

    async commit(points) {
      if (commitPoints === undefined || points.length === 0) return;
      await commitPoints(points);
    },

    async stop() {
      stopping = true;
      clearInterval(highsTimer);
      await stream?.close();
      await consumer?.close(true);
      await pool.close();
      await admin?.disconnect();
    },
  };
}
