import type { KafkaProducer as Producer } from '@onegrid/kafka';
import { StreamError } from '../errors.ts';
import { BufferedSink, type BufferedSinkOptions } from './buffered-sink.ts';
import { chunkBySize } from './chunk-by-size.ts';

/** Half the broker's default max.message.bytes: room for batch headers and a partition's share. */
const MAX_REQUEST_BYTES = 512 * 1024;

/**
 * Batched sends to one Kafka topic with acks from all in-sync replicas. Kafka has no
 * idempotent insert across a crash: a replay may publish a result again, so every output
 * carries a deterministic id (e.g. alert_id) that consumers deduplicate on.
 */
export function kafkaSink<Row>(
  producer: Producer,
  topic: string,
  toMessage: (row: Row) => { key: string; value: string },
  options: Omit<BufferedSinkOptions, 'name'> & { name?: string },
): BufferedSink<Row> {
  return new BufferedSink<Row>({ ...options, name: options.name ?? `kafka:${topic}` }, async (rows) => {
    // In order, one request at a time: a retry of the block resends from the first chunk, and
    // consumers deduplicate on the results' ids.
    for (const chunk of chunkBySize(rows.map(toMessage), MAX_REQUEST_BYTES)) {
      try {
        await producer.send({ topic, messages: chunk });
      } catch (error) {
        // The producer has spent its own retries (its error then says retriable: false); what
        // is left is a broker or leader away, which the sink outlasts. No Kafka refusal of a
        // result is known to be permanent here (messages are chunked under the size limit).
        throw new StreamError('SINK_UNAVAILABLE', `send to ${topic} failed`, {
          retriable: true,
          cause: error,
        });
      }
    }
  });
}
