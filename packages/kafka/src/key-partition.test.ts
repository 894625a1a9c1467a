import { compatibilityPartitioner } from '@platformatic/kafka';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { keyPartition } from './key-partition.ts';

const kafkajsPartitioner = Partitioners.DefaultPartitioner();
const metadata = (partitions: number): PartitionMetadata[] =>
  Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [],
    isr: [],
  }));

// Household and meter ids as onegrid names them, every length 0–40 (each tail case of murmur2),
// UTF-8 of two, three and four bytes, and a key longer than the reused buffer.
const keys = [
  ...Array.from({ length: 2_000 }, (_, i) => `HH-${String(i * 7919).padStart(8, '0')}`),
  ...Array.from({ length: 500 }, (_, i) => `WM-${i}`),
  ...Array.from({ length: 41 }, (_, n) => 'k'.repeat(n)),
  ...Array.from({ length: 200 }, (_, i) => `户-${i}é${'😀'.repeat(i % 4)}`),
  'x'.repeat(5_000),
  '区'.repeat(400),
];

describe('keyPartition', () => {
  it.each([1, 3, 6, 12, 64])(
    'sends every key where kafkajs and platformatic do (%i partitions)',
    (partitions) => {
      const meta = metadata(partitions);
      for (const key of keys) {
        const ours = keyPartition(key, partitions);
        expect(ours, key).toBe(
          kafkajsPartitioner({ topic: '', partitionMetadata: meta, message: { key, value: null } }),
        );
        expect(ours, key).toBe(
          compatibilityPartitioner({ topic: '', value: Buffer.alloc(0) }, Buffer.from(key, 'utf8')) %
            partitions,
        );
      }
    },
  );
});
