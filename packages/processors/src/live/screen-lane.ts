import { type Alert, type RiskScore, SCREEN_LANE_TOPIC, type ScreenLaneEvent } from '@onegrid/contracts';
import type { KafkaClient, KafkaProducer } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { laneProducer } from './lane-producer.ts';
import { coverPartitions, lanePartitions, provisionScreenLane, watchCover } from './screen-lane-topic.ts';

/**
 * Sends in flight to one partition before a copy to it is dropped. Per partition: the copies to a
 * partition a dead broker holds wait until it is fenced (3-5 s) while the others are acknowledged
 * at once, and must not take those others' room: with one budget of 256 for all, the copies
 * waiting on the dead broker's partitions (two of a cover's three) filled it after 128 rows, and
 * every later copy was dropped, the live partition's too. At the soak's peak (~300 rows/s) 4,096
 * copies hold 13 s of rows.
 */
const MAX_IN_FLIGHT_PER_PARTITION = 4_096;
/**
 * And bytes in flight to one partition: 4,096 copies of a row near the 64 KB the server accepts
 * would hold 256 MiB a partition; 8 MiB holds the soak's 13 s of ~1 KB rows and bounds the rest.
 */
const MAX_IN_FLIGHT_BYTES_PER_PARTITION = 8 * 1024 * 1024;

/** What a processor hands the lane: the row its contract sink is given, as it is given. */
export type ScreenRow =
  | { readonly kind: 'alert'; readonly alert: Alert }
  | { readonly kind: 'risk'; readonly score: RiskScore };

export interface ScreenLaneCounts {
  /** Copies acknowledged (one row is copied to each partition of the cover). */
  readonly published: number;
  /** Copies whose send failed. */
  readonly failed: number;
  /** Copies not sent: their partition had its copies or bytes in flight at the bound. */
  readonly dropped: number;
}

export interface ScreenLane {
  /** Copies a row to the lane now, not awaited: the caller's contract write is not held. */
  copy(row: ScreenRow): void;
  counts(): ScreenLaneCounts;
  stop(): Promise<void>;
}

export interface ScreenLaneOptions {
  readonly kafka: KafkaClient;
  readonly logger: Logger;
  /** Wall clock of the emission stamp (epoch ms). */
  readonly now: () => number;
  /** Tests: the topic written (default: the contract's screen lane, provisioned here). */
  readonly topic?: string;
  /** How often the replicas are looked at again (default COVER_RECHECK_MS). */
  readonly recheckMs?: number;
}

/**
 * The screens' lane for alerts and risk scores (issue 18 item 5, packages/processors README
 * "Screen lane"). The contract topics keep their keys, replication 3 and acks from all in-sync
 * replicas, and the sinks' 1-s batching; each row handed to `onegrid.alerts` or
 * `onegrid.risk-scores` is also copied at once, stamped with its emission time, to every
 * partition of a cover of the lane's topic (screen-lane-topic.ts): whichever single broker has
 * died, one partition has no replica on it, so one copy is acknowledged and readable without
 * waiting the 3-5 s until the controller fences the dead broker. Only the server reads the lane,
 * and keeps the first copy of each (alert, status) or (district, ts): nothing is stored or
 * counted from it, so the outputs stay exactly the contract topics'.
 */
export async function startScreenLane(options: ScreenLaneOptions): Promise<ScreenLane> {
  const { kafka, logger, now } = options;
  const topic = options.topic ?? SCREEN_LANE_TOPIC;
  const admin = kafka.admin();
  await admin.connect();
  let cover: number[];
  try {
    if (options.topic === undefined) await provisionScreenLane(admin);
    const info = await lanePartitions(admin, topic);
    const found = coverPartitions(info);
    cover = found.partitions;
    if (found.unspared.length > 0)
      logger.warn(
        { topic, unspared: found.unspared },
        'screen lane: no partition without a replica on these brokers; their death holds the lane until fenced',
      );
  } finally {
    await admin.disconnect();
  }
  const producer: KafkaProducer = await laneProducer(kafka, topic, { lane: 'screen lane', logger });
  let published = 0;
  let failed = 0;
  let dropped = 0;
  const inFlight = new Set<Promise<void>>();
  const perPartition = new Map<number, { copies: number; bytes: number }>();

  const send = (key: string, value: string, bytes: number, partition: number): void => {
    let pending = perPartition.get(partition);
    if (pending === undefined) {
      pending = { copies: 0, bytes: 0 };
      perPartition.set(partition, pending);
    }
    const held = pending;
    if (
      held.copies >= MAX_IN_FLIGHT_PER_PARTITION ||
      held.bytes + bytes > MAX_IN_FLIGHT_BYTES_PER_PARTITION
    ) {
      dropped++;
      // The first of a run, then every 1,000th: a dead broker's partition drops many.
      if (dropped % 1_000 === 1) logger.warn({ topic, partition, dropped }, 'screen lane copies dropped');
      return;
    }
    held.copies++;
    held.bytes += bytes;
    const sent: Promise<void> = producer
      .send({ topic, messages: [{ key, value, partition }] })
      .then(
        () => {
          published++;
        },
        (error: unknown) => {
          failed++;
          logger.warn({ err: error, topic, partition, failed }, 'screen lane send failed');
        },
      )
      .finally(() => {
        inFlight.delete(sent);
        held.copies--;
        held.bytes -= bytes;
      });
    inFlight.add(sent);
  };

  // Replicas reassigned later (an operator's move, a grown topic) may leave the cover sparing a
  // broker no longer: the copies then wait for its fencing as the contract's do. The server adds
  // a reader for each partition a new cover adds at its own look (screen-lane-readers.ts, as
  // often): a copy sent in between to a partition it does not read yet reaches the screens by
  // its contract topic, as before the lane.
  const watch = watchCover(
    () => kafka.admin(),
    topic,
    cover,
    (next) => {
      logger.info({ topic, from: cover, to: next }, 'screen lane: replicas moved; copying to a new cover');
      cover = next;
    },
    {
      ...(options.recheckMs !== undefined ? { everyMs: options.recheckMs } : {}),
      warn: (error) => logger.warn({ err: error, topic }, 'screen lane: could not look at its replicas'),
    },
  );

  return {
    copy(row) {
      const event: ScreenLaneEvent =
        row.kind === 'alert'
          ? { kind: 'alert', emitted_at: now(), alert: row.alert }
          : { kind: 'risk', emitted_at: now(), score: row.score };
      const key = row.kind === 'alert' ? row.alert.subject : row.score.district;
      const value = JSON.stringify(event);
      const bytes = Buffer.byteLength(value);
      // One send per partition: a send waits for every broker it writes to, and the copy to a
      // dead broker's partition must not hold the others'.
      for (const partition of cover) send(key, value, bytes, partition);
    },
    counts: () => ({ published, failed, dropped }),
    async stop() {
      await watch.stop();
      await Promise.allSettled(inFlight);
      await producer.disconnect().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not disconnect the screen lane producer');
      });
    },
  };
}
