import { compatibilityPartitioner, type MessageToProduce, Producer } from '@platformatic/kafka';
import type { KafkaProducer, OutgoingMessage, ProducerOptions, TopicMessages, Written } from '../adapter.ts';
import { KafkaAdapterError } from '../errors.ts';
import { WARM_CLOSE_MS, WarmUps } from '../warm-ups.ts';
import type { PlatformaticBase } from './base.ts';
import { groupByPartition, PartitionQueue } from './partition-sends.ts';
import { PRODUCE_RETRIES, protocolReasons } from './retry.ts';
import { warmLeaders } from './warm-leaders.ts';

const toBuffer = (v: string | Buffer | null | undefined): Buffer | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;

const toMessages = ({ topic, messages }: TopicMessages): MessageToProduce[] =>
  messages.map((m: OutgoingMessage) => ({
    topic,
    key: toBuffer(m.key),
    value: toBuffer(m.value) as Buffer,
    ...(m.partition === undefined ? {} : { partition: m.partition }),
    ...(m.headers === undefined
      ? {}
      : {
          headers: new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        }),
  }));

/**
 * The partition of a record: the one asked for, else the compatibility partitioner's. The
 * client's default hashes keys to an unsigned murmur2 (`>>> 0`) where Java and kafkajs mask the
 * sign bit: this keeps a key on the partition the other clients choose (keyless: partition 0).
 */
const choosePartition = (m: MessageToProduce): number =>
  m.partition ?? compatibilityPartitioner(m, m.key as Buffer | undefined);

/**
 * A failed send, with the Kafka error ids the client nests (the soak's logs had none), and how
 * many of its partitions were written anyway (those are not rolled back: a caller that sends the
 * whole batch again writes them twice). Retriable: the sinks retry it; the client's
 * `canRetry: false` also marks transient states (a leader not in the metadata yet).
 */
const sendFailed = (errors: unknown[], partitions?: number): KafkaAdapterError => {
  const ids = [...new Set(errors.flatMap(protocolReasons))];
  const written =
    partitions === undefined
      ? ''
      : ` (${errors.length} of ${partitions} partitions refused, ${partitions - errors.length} written)`;
  return new KafkaAdapterError(
    'SEND_FAILED',
    `send failed${ids.length > 0 ? `: ${ids.join(', ')}` : ''}${written}`,
    {
      retriable: true,
      cause: errors[0],
    },
  );
};

/**
 * KafkaProducer over a @platformatic/kafka producer, acks = all. Every send goes out as one
 * request per partition (`groupByPartition`: the client's multi-partition retries follow one
 * leader only), one at a time per partition (`PartitionQueue`), each retried by the client with
 * its sequence numbers for ~63 s (`PRODUCE_RETRIES`) with a metadata refresh once the leader
 * is found stale or unreachable: a broker kill is outlasted without a record written twice.
 */
export function platformaticProducer(base: PlatformaticBase, options: ProducerOptions = {}): KafkaProducer {
  const producer = new Producer({
    ...base,
    retries: PRODUCE_RETRIES,
    idempotent: options.idempotent ?? false,
    acks: -1,
    autocreateTopics: options.allowAutoTopicCreation ?? false,
  });
  const queue = new PartitionQueue();

  const produce = async (messages: MessageToProduce[]): Promise<Written[]> => {
    const topics = [...new Set(messages.map((m) => m.topic))];
    const metadata = await producer.metadata({ topics }).catch((error: unknown) => {
      throw sendFailed([error]);
    });
    const groups = groupByPartition(
      messages,
      (topic) => metadata.topics.get(topic)?.partitionsCount ?? 1,
      choosePartition,
    );
    const results = await Promise.allSettled(
      groups.map((g) => queue.run(g.topic, g.partition, () => producer.send({ messages: g.messages }))),
    );
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length > 0) throw sendFailed(errors, groups.length);
    return results.flatMap((r) =>
      r.status === 'fulfilled'
        ? (r.value.offsets ?? []).map((o) => ({
            topic: o.topic,
            partition: o.partition,
            baseOffset: Number(o.offset),
          }))
        : [],
    );
  };

  const warmUps = new WarmUps();
  return {
    async connect() {
      await producer.metadata({ topics: [] });
      warmUps.open();
    },
    warm: (topics) =>
      warmUps.run(async () => {
        const metadata = await producer.metadata({ topics: [...topics] });
        await producer.connectToBrokers(warmLeaders(topics, metadata));
      }),
    async disconnect() {
      await warmUps.close(WARM_CLOSE_MS);
      await producer.close();
    },
    send: (batch) => produce(toMessages(batch)),
    async sendBatch(batches) {
      await produce(batches.flatMap(toMessages));
    },
  };
}
