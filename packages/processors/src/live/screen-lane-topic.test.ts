import { describe, expect, it } from 'vitest';
import { coverPartitions } from './screen-lane-topic.ts';

const p = (partition: number, replicas: number[]) => ({
  partition,
  leader: replicas[0] ?? -1,
  replicas,
  isr: replicas,
});

describe('coverPartitions', () => {
  it('spares every broker of three at replication 2: for each, a partition with no replica on it', () => {
    const infos = [p(0, [1, 2]), p(1, [2, 3]), p(2, [3, 1]), p(3, [1, 3]), p(4, [2, 1]), p(5, [3, 2])];
    const { partitions, unspared } = coverPartitions(infos);
    expect(unspared).toEqual([]);
    for (const dead of [1, 2, 3]) {
      const spared = partitions.filter((n) => !infos[n]?.replicas.includes(dead));
      expect(spared.length, `broker ${dead} dead`).toBeGreaterThan(0);
    }
    expect(partitions.length).toBe(3);
  });

  it('takes one partition on a single broker (nothing to spare)', () => {
    expect(coverPartitions([p(0, [1]), p(1, [1])])).toEqual({ partitions: [0], unspared: [] });
  });

  it('names the brokers no partition spares (replication 3 on three brokers)', () => {
    const { partitions, unspared } = coverPartitions([p(0, [1, 2, 3]), p(1, [2, 3, 1])]);
    expect(partitions).toEqual([0]);
    expect(unspared).toEqual([1, 2, 3]);
  });

  it('covers with fewer partitions where the replicas allow it (four brokers, disjoint pairs)', () => {
    const { partitions, unspared } = coverPartitions([p(0, [1, 2]), p(1, [3, 4]), p(2, [1, 3])]);
    expect(unspared).toEqual([]);
    expect(partitions).toEqual([0, 1]);
  });
});
