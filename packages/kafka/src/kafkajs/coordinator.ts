import { createConnection } from 'node:net';
import type { Logger } from '@onegrid/logging';
import type { Admin, Kafka } from 'kafkajs';
import { coordinatorMoved } from './group-source.ts';

/** Java's `String.hashCode` (UTF-16 code units, 32-bit overflow): what the broker hashes a group id with. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * The `__consumer_offsets` partition whose leader coordinates `groupId`: Kafka's
 * `Utils.abs(groupId.hashCode()) % partitions`, where abs maps Integer.MIN_VALUE to 0.
 */
export function coordinatorPartition(groupId: string, partitions: number): number {
  const hash = javaStringHash(groupId);
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % partitions;
}

/**
 * The first of `candidates` whose coordinator (the leader of its `__consumer_offsets` partition)
 * is a broker in `alive`; undefined when none is, or a leader is unknown.
 */
export function groupWithLiveCoordinator(
  candidates: readonly string[],
  leaders: ReadonlyMap<number, number>,
  alive: ReadonlySet<number>,
): string | undefined {
  const partitions = leaders.size;
  if (partitions === 0) return undefined;
  return candidates.find((g) => {
    const leader = leaders.get(coordinatorPartition(g, partitions));
    return leader !== undefined && alive.has(leader);
  });
}

const PROBE_MS = 300;

/** Whether something accepts a TCP connection at host:port within PROBE_MS (a SIGKILLed broker refuses at once). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(PROBE_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * A group id for a reader's replacement consumer whose coordinator is a broker that accepts
 * connections now. A new group id lands on any `__consumer_offsets` partition; right after a
 * broker is SIGKILLed the cluster still names it leader of a third of them until the controller
 * fences it (~9 s), and a join there failed after 5 s (the soak, 2026-12-06: the screens had what
 * came meanwhile 14 s after the kill). Tries `<base>`, `<base>.1`, … and falls back to `base`
 * when the cluster cannot say (the join's own retries then apply).
 */
export async function replacementGroupId(
  kafka: Kafka,
  base: string,
  log: Logger,
  among?: { topic: string; partitions: readonly number[] },
): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      // Said, not silent: with `among` the group may now be coordinated by a broker that holds
      // none of the partitions read, and that broker's death stalls this reader again.
      log.warn(
        { groupId: base, among },
        'kafka reader: no coordinator chosen in time, the group id as given',
      );
      resolve(base);
    }, CHOOSE_MS);
  });
  try {
    return await Promise.race([chooseGroupId(kafka, base, log, among), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long the choice may take before the reader goes on with `base` (a restart must not wait). */
const CHOOSE_MS = 1_500;

async function chooseGroupId(
  kafka: Kafka,
  base: string,
  log: Logger,
  among: { topic: string; partitions: readonly number[] } | undefined,
): Promise<string> {
  // Short retries: a seed broker that is the dead one is passed over, not retried for seconds.
  const admin = kafka.admin({ retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 } });
  try {
    await admin.connect();
    const [cluster, metadata, read] = await Promise.all([
      admin.describeCluster(),
      admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] }),
      among === undefined ? undefined : admin.fetchTopicMetadata({ topics: [among.topic] }),
    ]);
    const probed = await Promise.all(
      cluster.brokers.map(async (b) => [b.nodeId, await accepts(b.host, b.port)] as const),
    );
    // A reader of some partitions only: a coordinator among their replicas, so that a broker
    // holding none of them takes neither its fetches nor its heartbeats when it dies.
    const replicas =
      read === undefined || among === undefined
        ? undefined
        : new Set(
            (read.topics[0]?.partitions ?? [])
              .filter((p) => among.partitions.includes(p.partitionId))
              .flatMap((p) => p.replicas),
          );
    const alive = new Set(
      probed.filter(([id, up]) => up && (replicas === undefined || replicas.has(id))).map(([id]) => id),
    );
    const leaders = new Map(
      (metadata.topics[0]?.partitions ?? []).map((p) => [p.partitionId, p.leader] as const),
    );
    const candidates = [base, ...Array.from({ length: 31 }, (_, i) => `${base}.${i + 1}`)];
    return groupWithLiveCoordinator(candidates, leaders, alive) ?? base;
  } catch (error) {
    // The fallback is safe (the join's own retries apply); the reason is still worth a line.
    log.warn(
      { err: error, groupId: base },
      'kafka reader: could not choose a replacement group; using its base id',
    );
    return base;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Whether `error` (or one it wraps) is a refusal a fresh lookup outlives: the coordinator moved
 * (group-source.ts's list, kafkajs's names), or it is still loading the group's offsets.
 */
const coordinatorMoving = (error: unknown): boolean =>
  coordinatorMoved(error) || wrapsType(error, 'GROUP_LOAD_IN_PROGRESS');

const wrapsType = (error: unknown, wanted: string): boolean => {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const { type, originalError, cause } = e as { type?: unknown; originalError?: unknown; cause?: unknown };
    if (type === wanted) return true;
    e = originalError ?? cause;
  }
  return false;
};

/**
 * Waits until `groupId`'s coordinator answers a DescribeGroups, looking it up again after each
 * refusal, for at most `deadlineMs`. kafkajs's admin looks the coordinator up once and retries
 * the same broker: on a fresh or loaded cluster, where leadership of __consumer_offsets is still
 * moving, that broker answers NOT_COORDINATOR to every retry (CI, 2026-12-07: three broker-kill
 * files failed their set-up so). The admin passed should retry little: each call is one look.
 */
export async function awaitGroupCoordinator(
  admin: Pick<Admin, 'describeGroups'>,
  groupId: string,
  deadlineMs: number,
  log: Logger,
): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.describeGroups([groupId]);
      return;
    } catch (error) {
      if (!coordinatorMoving(error) || Date.now() >= until) throw error;
      log.warn({ groupId, attempt, err: error }, 'group coordinator not ready; looking it up again');
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * attempt, 2_000)));
    }
  }
}
