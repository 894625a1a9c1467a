import type { Logger } from '@onegrid/logging';
import { Consumer } from '@platformatic/kafka';
import type { ReadOptions, TopicReader } from '../adapter.ts';
import { platformaticAdmin } from './admin.ts';
import { headersText, type PlatformaticBase } from './base.ts';
import { batchStream } from './batches.ts';

/**
 * TopicReader over a @platformatic/kafka consumer that never commits. `seek` only moves a
 * partition forward (records before the target are skipped as they arrive): the client has no
 * seek on a running stream, and the one caller (dead-letter scans) only moves forward.
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
  });
  const skipBelow = new Map<string, number>();
  let failure: unknown;
  const stream = await consumer.consume({
    topics: [...options.topics],
    mode: options.fromBeginning === false ? 'latest' : 'earliest',
    autocommit: false,
  });
  batchStream(
    stream,
    async (topic, partition, messages) => {
      const from = skipBelow.get(`${topic}/${partition}`) ?? 0;
      const kept = messages.filter((m) => Number(m.offset) >= from);
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
    },
    (error) => {
      // The stream ends with its error: said now, and thrown again by stop().
      failure = error;
      log.error({ err: error, groupId: options.groupId, topics: options.topics }, 'kafka reader failed');
    },
  );
  return {
    seek(topic, partition, offset) {
      skipBelow.set(`${topic}/${partition}`, offset);
    },
    async stop() {
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
      if (failure !== undefined) throw failure;
    },
  };
}
