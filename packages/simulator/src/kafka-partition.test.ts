import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { describe, expect, it } from 'vitest';
import { kafkaPartition } from './kafka-partition.ts';

describe('kafkaPartition', () => {
  it("gives every key the partition the Kafka client's default partitioner gives it", () => {
    // Creating a client connects to nothing: its partitioner is pure.
    const kafka = createKafka(
      loadKafkaConfig({ ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT }),
      createLogger('kafka-partition-test', 'silent'),
    );
    for (let i = 0; i < 500; i++) {
      for (const key of [`WM-${String(i).padStart(8, '0')}`, `EM-${i}`, `k${i}é`]) {
        expect(kafkaPartition(key, 6)).toBe(kafka.partitionFor(key, 6));
      }
    }
  });
});
