import { BufferedSink, StreamError } from '@onegrid/stream';
import { type ProcessorContext, sinkOptions } from '../context.ts';

/**
 * Bytes of one packed message at most: a quarter of the broker's default max.message.bytes
 * (1 MiB), so a message with its batch headers always fits, whatever the estimate missed.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export interface PackedTopic<Row> {
  /** The key a row would have had as a record of its own: it goes to that key's partition. */
  keyOf(row: Row): string;
  /** One message value of rows, in order. */
  encode(rows: readonly Row[]): string | Buffer;
  /** An upper bound of a row's share of a message, in bytes. */
  bytesOf(row: Row): number;
}

/**
 * A Kafka sink for onegrid's own high-volume internal topics: each flush writes, per partition,
 * a few messages that each carry many rows (`packed.encode`), instead of a record per row. The
 * rows of a key keep their order (one partition, messages in order); readers unpack them with
 * `ProcessorDefinition.decodeMany`. Like `kafkaSink`, a retried block may publish rows again:
 * readers drop them as duplicates.
 */
export function packedTopicSink<Row>(ctx: ProcessorContext, topic: string, packed: PackedTopic<Row>) {
  return new BufferedSink<Row>({ ...sinkOptions(ctx), name: `kafka:${topic}` }, async (rows) => {
    const chunks = chunksPerPartition(rows, packed, (key) => ctx.partitionFor(topic, key));
    // One request per round, each partition's next chunk in it: a partition's share of a
    // request stays one message (under max.message.bytes), and its messages stay in order.
    for (let round = 0; ; round++) {
      const messages = [];
      for (const [partition, list] of chunks) {
        const chunk = list[round];
        if (chunk !== undefined) messages.push({ partition, key: null, value: packed.encode(chunk) });
      }
      if (messages.length === 0) return;
      try {
        await (ctx.bulkProducer ?? ctx.producer).send({ topic, messages });
      } catch (error) {
        // As kafkaSink: the producer spent its retries; a broker or leader away is outlasted.
        throw new StreamError('SINK_UNAVAILABLE', `send to ${topic} failed`, {
          retriable: true,
          cause: error,
        });
      }
    }
  });
}

/** Rows grouped by partition, in order, in chunks of at most MAX_MESSAGE_BYTES (estimated). */
export function chunksPerPartition<Row>(
  rows: readonly Row[],
  packed: PackedTopic<Row>,
  partitionFor: (key: string) => number,
): Map<number, Row[][]> {
  const chunks = new Map<number, { list: Row[][]; bytes: number }>();
  // murmur2 per row, not a map of partitions per key and flush: the partitioner is 32-bit
  // arithmetic now (@onegrid/kafka keyPartition), about 56 ns a household id, where building the
  // map cost about 165 ns a key (a key comes back about twice a flush; issue 17).
  for (const row of rows) {
    const partition = partitionFor(packed.keyOf(row));
    const size = packed.bytesOf(row);
    let entry = chunks.get(partition);
    if (entry === undefined) {
      entry = { list: [[]], bytes: 0 };
      chunks.set(partition, entry);
    }
    if (entry.bytes + size > MAX_MESSAGE_BYTES && entry.bytes > 0) {
      entry.list.push([]);
      entry.bytes = 0;
    }
    entry.list.at(-1)?.push(row);
    entry.bytes += size;
  }
  return new Map([...chunks].map(([partition, { list }]) => [partition, list]));
}
