import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaPartition } from './kafka-partition.ts';

describe('kafkaPartition', () => {
  it("gives every key the partition kafkajs's default partitioner gives it", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 6 }, (_, i) => ({
      partitionId: i,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    for (let i = 0; i < 500; i++) {
      for (const key of [`WM-${String(i).padStart(8, '0')}`, `EM-${i}`, `k${i}é`]) {
        const expected = partitioner({ topic: 't', partitionMetadata, message: { key, value: '' } });
        expect(kafkaPartition(key, 6)).toBe(expected);
      }
    }
  });
});
