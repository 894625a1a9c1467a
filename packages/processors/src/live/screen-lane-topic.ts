import { SCREEN_LANE_TOPIC } from '@onegrid/contracts';
import type { KafkaAdmin, PartitionInfo } from '@onegrid/kafka';

/** Partitions of the screen lane: enough that every pair of three brokers leads and follows one. */
export const SCREEN_LANE_PARTITIONS = 6;
/** A day: the screens read it as it comes; a restarted server reads the contract topics whole. */
const RETENTION_MS = 24 * 3_600_000;

/**
 * Creates the screen lane's topic if it is missing: replication 2 (1 on a single broker) and
 * min ISR 1. A partition of replication 3 on three brokers has every broker in its ISR, and after
 * a broker dies a write there is neither acknowledged (acks=all) nor readable (the high
 * watermark waits for the whole ISR) until the controller fences it (infra/kafka/README.md
 * "Failover"). With replication 2, some partition holds no replica on the dead broker and takes a
 * copy at once. Min ISR 1 lets the partitions it did hold take writes again once it is fenced,
 * until it is back: the lane is a copy, the contract topics keep replication 3 and min ISR 2.
 * Two processes may race to create it: the loser finds it there.
 */
export async function provisionScreenLane(admin: KafkaAdmin): Promise<void> {
  if ((await admin.listTopics()).includes(SCREEN_LANE_TOPIC)) return;
  const { brokers } = await admin.describeCluster();
  try {
    await admin.createTopics([
      {
        topic: SCREEN_LANE_TOPIC,
        partitions: SCREEN_LANE_PARTITIONS,
        replicationFactor: Math.min(2, brokers),
        config: {
          'cleanup.policy': 'delete',
          'retention.ms': String(RETENTION_MS),
          'min.insync.replicas': '1',
        },
      },
    ]);
  } catch (error) {
    if (!(await admin.listTopics()).includes(SCREEN_LANE_TOPIC)) throw error;
  }
}

/**
 * The partitions each screen-lane row is copied to: for every broker holding a replica, one of
 * them holds none on it, so whichever single broker dies, one copy is acknowledged and readable
 * without waiting for its fencing. Greedy (each step takes the partition that spares the most
 * brokers not yet spared); three partitions on three brokers at replication 2, one on a single
 * broker (nothing to spare). Brokers no partition spares (a topic of replication 3 made by an
 * older tool) are returned as `unspared`: the lane then waits for fencing as the contract does.
 */
export function coverPartitions(partitions: readonly PartitionInfo[]): {
  partitions: number[];
  unspared: number[];
} {
  const brokers = new Set(partitions.flatMap((p) => p.replicas));
  // A single broker spares nothing, and its death stops everything: one partition carries the
  // lane (its copy is still unbatched).
  if (brokers.size <= 1) return { partitions: partitions.slice(0, 1).map((p) => p.partition), unspared: [] };
  const toSpare = new Set(brokers);
  const chosen: number[] = [];
  while (toSpare.size > 0) {
    let best: PartitionInfo | undefined;
    let bestCount = 0;
    for (const p of partitions) {
      if (chosen.includes(p.partition)) continue;
      let count = 0;
      for (const b of toSpare) if (!p.replicas.includes(b)) count++;
      if (count > bestCount) [best, bestCount] = [p, count];
    }
    if (best === undefined) break;
    chosen.push(best.partition);
    for (const b of [...toSpare]) if (!best.replicas.includes(b)) toSpare.delete(b);
  }
  // Replication on every broker spares none: one partition, as on a single broker.
  if (chosen.length === 0 && partitions[0] !== undefined) chosen.push(partitions[0].partition);
  return { partitions: chosen.sort((a, b) => a - b), unspared: [...toSpare].sort((a, b) => a - b) };
}

/** Attempts at the lane's partitions: a broker asked right after the topic was made may not know it yet. */
const ATTEMPTS = 20;

/**
 * The lane's partitions, each with a leader. Asked right after `provisionScreenLane` made the
 * topic, a broker other than the one that made it answered "This server does not host this
 * topic-partition" (e2e, a fresh three-broker cluster): asked again, 250 ms apart, up to 5 s.
 */
export async function lanePartitions(admin: KafkaAdmin, topic = SCREEN_LANE_TOPIC): Promise<PartitionInfo[]> {
  let last: unknown;
  for (let attempt = 1; ; attempt++) {
    try {
      const info = (await admin.topicPartitions([topic])).get(topic) ?? [];
      if (info.length > 0 && info.every((p) => p.leader >= 0)) return info;
      last = new Error(`${topic}: partitions without a leader`);
    } catch (error) {
      last = error;
    }
    // The last answer is the one thrown (its cause kept), the earlier ones were the same wait.
    if (attempt >= ATTEMPTS) throw last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * How often the writers and the server look at the lane's replicas again. The cover is a function
 * of the replicas alone (not of the leaders: kafkajs follows a moved leader by itself), and they
 * move only when an operator reassigns them or the topic grows: rare, so a slow look suffices.
 */
export const COVER_RECHECK_MS = 30_000;

export interface CoverWatch {
  /** Looks now (tests; the timer's own work): the cover found, after `onCover` ran for it. */
  check(): Promise<number[]>;
  /**
   * No more looks. Resolves once an `onCover` under way has ended; a look still asking the brokers
   * is abandoned (its admin client disconnected), so a stop never waits on an unreachable cluster.
   */
  stop(): Promise<void>;
}

/**
 * Reads the lane's replicas every `everyMs` and calls `onCover` with the cover when it differs
 * from the last one (`initial`, found at start). A failed look is logged and tried again at the
 * next: the last cover stays in use meanwhile. One answer per look, not `lanePartitions`' patient
 * wait for a topic just made: the topic exists, and a look that fails is simply the next one's.
 */
export function watchCover(
  admin: () => KafkaAdmin,
  topic: string,
  initial: readonly number[],
  onCover: (cover: number[]) => Promise<void> | void,
  options: { readonly everyMs?: number; readonly warn: (error: unknown) => void },
): CoverWatch {
  let last = [...initial];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let looking: Promise<number[]> = Promise.resolve(last);
  let applying: Promise<void> = Promise.resolve();
  const clients = new Set<KafkaAdmin>();
  const read = async (): Promise<number[] | undefined> => {
    const client = admin();
    clients.add(client);
    try {
      // Inside the try: a connect that fails still disconnects (platformatic's admin holds its pool).
      await client.connect();
      const info = (await client.topicPartitions([topic])).get(topic) ?? [];
      return info.length === 0 ? undefined : coverPartitions(info).partitions;
    } finally {
      clients.delete(client);
      await client.disconnect().catch(options.warn);
    }
  };
  const look = async (): Promise<number[]> => {
    const found = await read();
    if (stopped || found === undefined || found.join() === last.join()) return last;
    applying = Promise.resolve(onCover(found));
    await applying;
    last = found;
    return last;
  };
  const check = () => {
    // One look at a time: a timer's and a test's calls queue.
    looking = looking.catch(() => last).then(look);
    return looking;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      check().catch(options.warn).finally(schedule);
    }, options.everyMs ?? COVER_RECHECK_MS);
    timer.unref();
  };
  schedule();
  return {
    check,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const client of clients) void client.disconnect().catch(options.warn);
      await applying.catch(() => undefined);
    },
  };
}
