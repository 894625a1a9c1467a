import { describe, expect, it } from 'vitest';
import { chunksPerPartition, MAX_MESSAGE_BYTES } from './packed-topic-sink.ts';

interface Row {
  readonly key: string;
  readonly n: number;
  readonly bytes: number;
}

const packed = {
  keyOf: (r: Row) => r.key,
  encode: (rows: readonly Row[]) => JSON.stringify(rows),
  bytesOf: (r: Row) => r.bytes,
};

describe('packed topic sink > chunks per partition', () => {
  it("keeps each key's rows in order in its partition, the partition the partitioner gives", () => {
    const asked: string[] = [];
    const partitionFor = (key: string) => {
      asked.push(key);
      return key.charCodeAt(0) % 3;
    };
    const rows = ['a', 'b', 'c', 'a', 'd', 'b', 'a'].map((key, n) => ({ key, n, bytes: 10 }));
    const chunks = chunksPerPartition(rows, packed, partitionFor);
    expect(asked).toEqual(['a', 'b', 'c', 'a', 'd', 'b', 'a']);
    const flat = [...chunks].map(([partition, list]) => [partition, list.flat().map((r) => r.n)]);
    // a (97) and d (100) → 1, b (98) → 2, c (99) → 0
    expect(flat).toEqual([
      [1, [0, 3, 4, 6]],
      [2, [1, 5]],
      [0, [2]],
    ]);
  });

  it('cuts a partition into messages under the size bound, a larger row alone', () => {
    const third = Math.floor(MAX_MESSAGE_BYTES / 3);
    const rows = [
      ...Array.from({ length: 7 }, (_, n) => ({ key: 'k', n, bytes: third })),
      { key: 'k', n: 7, bytes: MAX_MESSAGE_BYTES * 2 },
      { key: 'k', n: 8, bytes: 1 },
    ];
    const list = chunksPerPartition(rows, packed, () => 0).get(0) ?? [];
    expect(list.map((chunk) => chunk.map((r) => r.n))).toEqual([[0, 1, 2], [3, 4, 5], [6], [7], [8]]);
  });
});
