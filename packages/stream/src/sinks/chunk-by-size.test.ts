import { describe, expect, it } from 'vitest';
import { chunkBySize } from './chunk-by-size.ts';

const message = (key: string, bytes: number) => ({ key, value: 'x'.repeat(bytes) });

describe('chunkBySize', () => {
  it('keeps every message, in order, in chunks within the bound', () => {
    const messages = Array.from({ length: 100 }, (_, i) => message(`k${i % 10}`, 100 + i));
    const chunks = chunkBySize(messages, 1_000);
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks) {
      const bytes = chunk.reduce((sum, m) => sum + m.key.length + m.value.length, 0);
      expect(bytes).toBeLessThanOrEqual(1_000);
    }
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('gives a message larger than the bound a chunk of its own', () => {
    const chunks = chunkBySize([message('a', 10), message('b', 5_000), message('c', 10)], 1_000);
    expect(chunks.map((c) => c.map((m) => m.key))).toEqual([['a'], ['b'], ['c']]);
  });

  it('counts bytes, not characters', () => {
    const chunks = chunkBySize(
      [
        { key: 'a', value: '水'.repeat(200) },
        { key: 'b', value: '水'.repeat(200) },
      ],
      1_000,
    );
    expect(chunks).toHaveLength(2);
  });
});
