/**
 * The Kafka side of a feed generator, and the only file that knows Kafka: connects through
 * @onegrid/kafka (brokers from KAFKA_BROKERS), provisions every contract topic, and sends
 * batches keyed as STREAMS.md says, with acks = all. Message timestamps are left to the
 * producer's wall clock on purpose: stamping the generator's (possibly past) times would let the
 * broker's retention delete the data as soon as it lands. Event time travels in `ts`.
 */
import {
  createKafka,
  declareTopics,
  type KafkaAdmin,
  loadKafkaConfig,
  type OutgoingMessage,
  provisionTopics,
} from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { FeedIoError } from './errors.ts';
import type { RecordSink, StreamRecord } from './record.ts';

export interface KafkaPublisher extends RecordSink {
  brokers: readonly string[];
  admin: KafkaAdmin;
  close(): Promise<void>;
}

/** `clientId` names the generator to the broker (e.g. `onegrid-simulator`). */
export async function connectPublisher(
  logger: Logger,
  clientId: string,
  env: Record<string, string | undefined> = process.env,
): Promise<KafkaPublisher> {
  const config = loadKafkaConfig(env);
  const kafka = createKafka(config, logger, clientId);
  const admin = kafka.admin();
  // Idempotent: a batch retried after a broker failure is written once, not twice.
  const producer = kafka.producer({ idempotent: true });
  try {
    await admin.connect();
    const provisioned = await provisionTopics(admin, declareTopics(config), config.ONEGRID_TOPIC_REPLICATION);
    logger.info(
      { created: provisioned.created.length, unchanged: provisioned.unchanged.length },
      'topics provisioned',
    );
    await producer.connect();
  } catch (cause) {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    throw new FeedIoError('BROKER_UNREACHABLE', `cannot reach Kafka at ${config.KAFKA_BROKERS.join(',')}`, {
      retriable: true,
      cause,
    });
  }
  return {
    brokers: config.KAFKA_BROKERS,
    admin,
    async send(records) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const r of records) {
        const list = byTopic.get(r.topic) ?? [];
        list.push({ key: r.key, value: toBuffer(r) });
        byTopic.set(r.topic, list);
      }
      try {
        await producer.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      } catch (cause) {
        throw new FeedIoError('PUBLISH_FAILED', `sending ${records.length} records failed`, {
          retriable: true,
          cause,
        });
      }
    },
    async close() {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}

const toBuffer = (r: StreamRecord): Buffer =>
  typeof r.value === 'string'
    ? Buffer.from(r.value, 'utf8')
    : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);

/** High-watermark offsets summed over partitions, per topic: what the broker holds. */
export async function topicMessageCounts(
  admin: KafkaAdmin,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const topic of topics) {
    const offsets = await admin.topicOffsets(topic);
    out.set(
      topic,
      offsets.reduce((s, p) => s + p.high, 0),
    );
  }
  return out;
}
