import { describe, expect, it } from 'vitest';
import { partitionBuckets, SNAPSHOT_BUCKETS, snapshotBucket } from './snapshot-state.ts';

describe('snapshot buckets (migration 0073)', () => {
  it('numbers the 1440 hashes once each', () => {
    const seen = new Set<number>();
    for (let m = 0; m < SNAPSHOT_BUCKETS; m++) seen.add(snapshotBucket(m));
    expect(seen.size).toBe(SNAPSHOT_BUCKETS);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(SNAPSHOT_BUCKETS - 1);
  });

  it('gives each partition of 6, 12, 24, 48 or 96 one run of buckets, and every bucket to one partition', () => {
    for (const partitions of [6, 12, 24, 48, 96]) {
      const owner = new Array<number>(SNAPSHOT_BUCKETS).fill(-1);
      for (let p = 0; p < partitions; p++) {
        const buckets = partitionBuckets(p, partitions) ?? [];
        expect(buckets.length).toBe(SNAPSHOT_BUCKETS / partitions);
        expect((buckets.at(-1) ?? 0) - (buckets[0] ?? 0)).toBe(buckets.length - 1);
        for (const b of buckets) {
          expect(owner[b]).toBe(-1);
          owner[b] = p;
        }
      }
      expect(owner.every((p) => p >= 0)).toBe(true);
    }
  });

  it('selects the hashes of the partition for any count dividing 1440, none for the others', () => {
    const partitions = 10;
    const buckets = new Set(partitionBuckets(3, partitions));
    for (let m = 0; m < SNAPSHOT_BUCKETS; m++)
      expect(buckets.has(snapshotBucket(m))).toBe(m % partitions === 3);
    expect(partitionBuckets(0, 7)).toBeUndefined();
  });
});
