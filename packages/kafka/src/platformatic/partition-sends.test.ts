import { describe, expect, it } from 'vitest';
import { groupByPartition, PartitionQueue } from './partition-sends.ts';

const message = (topic: string, partition: number, value: string) => ({
  topic,
  partition,
  value: Buffer.from(value),
});

describe('kafka > platformatic > groupByPartition', () => {
  it('gives each partition of each topic its own group, in the order given, modulo the count', () => {
    const groups = groupByPartition(
      [message('a', 0, '1'), message('a', 7, '2'), message('b', 1, '3'), message('a', 1, '4')],
      (topic) => (topic === 'a' ? 6 : 3),
      (m) => m.partition ?? 0,
    );
    expect(groups.map((g) => [g.topic, g.partition, g.messages.map((m) => String(m.value))])).toEqual([
      ['a', 0, ['1']],
      ['a', 1, ['2', '4']],
      ['b', 1, ['3']],
    ]);
    // The partition is fixed on each record: the client sends it where it was grouped.
    expect(groups[1]?.messages.map((m) => m.partition)).toEqual([1, 1]);
  });
});

describe('kafka > platformatic > PartitionQueue', () => {
  it('starts a partition’s next send only once the previous one settled, failed or not', async () => {
    const queue = new PartitionQueue();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const first = queue.run('t', 0, async () => {
      events.push('first start');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      events.push('first end');
      throw new Error('refused');
    });
    const second = queue.run('t', 0, async () => {
      events.push('second start');
      return 2;
    });
    const other = queue.run('t', 1, async () => {
      events.push('other partition');
      return 3;
    });
    await expect(other).resolves.toBe(3);
    expect(events).toEqual(['first start', 'other partition']);
    release();
    await expect(first).rejects.toThrow('refused');
    await expect(second).resolves.toBe(2);
    expect(events).toEqual(['first start', 'other partition', 'first end', 'second start']);
  });
});
