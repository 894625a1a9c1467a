import type { Logger } from '@onegrid/logging';
import { Consumer } from '@platformatic/kafka';
import type { ReadOptions, TopicReader } from '../adapter.ts';
import { platformaticAdmin } from './admin.ts';
import { headersText, type PlatformaticBase } from './base.ts';
import { batchStream } from './batches.ts';
import { FETCH_MAX_BYTES } from './fetch-size.ts';
import { retryDelay } from './retry.ts';

/**
 * TopicReader over a @platformatic/kafka consumer that never commits. `seek` only moves a
 * partition forward (records before the target are skipped as they arrive): the client has no
 * seek on a running stream, and the one caller (dead-letter scans) only moves forward.
 * The client's stream ends for good on the first fetch that fails after its retries (a broker
 * killed): the reader then reads on from where it was (partitions not read yet from the start
 * or the end, as asked), with a growing delay, until it is stopped.
 */
export async function platformaticRead(
  base: PlatformaticBase,
  options: ReadOptions,
  log: Logger,
): Promise<TopicReader> {
  const consumer = new Consumer({
    ...base,
    groupId: options.groupId,
    autocommit: false,
    maxWaitTime: options.maxWaitMs ?? 250,
    maxBytes: FETCH_MAX_BYTES,
    ...(options.maxBytesPerPartition === undefined
      ? {}
      : { maxBytesPerPartition: options.maxBytesPerPartition }),
  });
  const skipBelow = new Map<string, number>();
  /** The next offset of each partition read so far: where a new stream picks up. */
  const next = new Map<string, { topic: string; partition: number; offset: bigint }>();
  const from = options.fromBeginning === false ? 'latest' : 'earliest';
  let stopping = false;
  let incarnation = 0;
  let stream: Awaited<ReturnType<Consumer['consume']>>;

  const consume = async (): Promise<void> => {
    const mine = ++incarnation;
    const current =
      next.size === 0
        ? await consumer.consume({ topics: [...options.topics], mode: from, autocommit: false })
        : await consumer.consume({
            topics: [...options.topics],
            mode: 'manual',
            offsets: [...next.values()],
            fallbackMode: from,
            autocommit: false,
          });
    stream = current;
    batchStream(
      current,
      async (topic, partition, messages) => {
        if (mine !== incarnation) return;
        // Fixed partitions (ReadOptions.partitions): the others are read and passed over; this
        // client's group shares no fetch between brokers the way kafkajs's does.
        if (options.partitions !== undefined && !options.partitions.includes(partition)) return;
        const kept = messages.filter(
          (m) => Number(m.offset) >= (skipBelow.get(`${topic}/${partition}`) ?? 0),
        );
        const last = messages.at(-1);
        if (last === undefined) return;
        await options.onBatch({
          topic,
          partition,
          lastOffset: Number(last.offset),
          records: kept.map((m) => ({
            offset: Number(m.offset),
            key: m.key ?? null,
            value: m.value ?? null,
            timestamp: Number(m.timestamp),
            headers: headersText(m.headers),
          })),
        });
        next.set(`${topic}/${partition}`, { topic, partition, offset: last.offset + 1n });
      },
      (error) => {
        if (mine !== incarnation || stopping) return;
        incarnation++;
        log.warn(
          { err: error, groupId: options.groupId, topics: options.topics },
          'kafka reader failed; reading on',
        );
        void current.close().catch(() => undefined);
        void restart();
      },
    );
  };

  const restart = async (): Promise<void> => {
    for (let attempt = 1; !stopping; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, retryDelay(Math.min(attempt, 6))));
      if (stopping) return;
      try {
        await consume();
        return;
      } catch (error) {
        log.error({ err: error, groupId: options.groupId, attempt }, 'kafka reader: reading on failed');
      }
    }
  };

  await consume();
  return {
    seek(topic, partition, offset) {
      skipBelow.set(`${topic}/${partition}`, offset);
    },
    async stop() {
      stopping = true;
      await stream.close();
      await consumer.close(true);
      if (options.deleteGroupOnStop === true) {
        const admin = platformaticAdmin(base);
        try {
          await admin.deleteGroups([options.groupId]);
        } finally {
          await admin.disconnect();
        }
      }
    },
  };
}
