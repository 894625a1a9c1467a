import type { Producer } from 'kafkajs';
import { BufferedSink, type BufferedSinkOptions } from './buffered-sink.ts';

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
    await producer.send({ topic, acks: -1, messages: rows.map(toMessage) });
  });
}
