import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegistryEnds } from './registry-ends.ts';

describe('RegistryEnds', () => {
  it('is reached once every partition is read to its end at start, not before', async () => {
    const ends = new RegistryEnds(
      new Map([
        ['city.registry.gauges:0', 10],
        ['city.registry.gauges:1', 3],
      ]),
    );
    ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 8 });
    expect(ends.left()).toEqual(['city.registry.gauges:0', 'city.registry.gauges:1']);
    expect(await ends.reached(0)).toBe(false);
    ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 9 });
    ends.read({ topic: 'city.registry.shelters', partition: 1, lastOffset: 99 });
    expect(ends.left()).toEqual(['city.registry.gauges:1']);
    // A batch past the end (records published since the start) counts as read to it.
    ends.read({ topic: 'city.registry.gauges', partition: 1, lastOffset: 7 });
    expect(ends.left()).toEqual([]);
    expect(await ends.reached(0)).toBe(true);
  });

  describe('a partition whose last records were compacted away', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('is reached once a batch saw the end and no other batch followed within quietMs', async () => {
      vi.useFakeTimers();
      // Records 0-6 left of 0-9: the tombstones at 7-9 removed, the end still 10.
      const ends = new RegistryEnds(new Map([['city.registry.gauges:0', 10]]), { quietMs: 1_000 });
      ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 6, highWatermark: 10 });
      expect(ends.left()).toEqual(['city.registry.gauges:0']);
      await vi.advanceTimersByTimeAsync(999);
      expect(ends.left()).toEqual(['city.registry.gauges:0']);
      await vi.advanceTimersByTimeAsync(1);
      expect(ends.left()).toEqual([]);
      expect(await ends.reached(0)).toBe(true);
    });

    it('is not reached while batches below the end keep coming (a fetch cut at its size bound)', async () => {
      vi.useFakeTimers();
      const ends = new RegistryEnds(new Map([['city.registry.gauges:0', 10]]), { quietMs: 1_000 });
      ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 3, highWatermark: 10 });
      await vi.advanceTimersByTimeAsync(600);
      ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 6, highWatermark: 10 });
      await vi.advanceTimersByTimeAsync(600);
      // 1.2 s after the first batch, 0.6 s after the second: the quiet time runs from the last.
      expect(ends.left()).toEqual(['city.registry.gauges:0']);
      ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 9, highWatermark: 10 });
      expect(ends.left()).toEqual([]);
    });

    it('is not reached by a batch whose fetch did not see the end', async () => {
      vi.useFakeTimers();
      const ends = new RegistryEnds(new Map([['city.registry.gauges:0', 10]]), { quietMs: 1_000 });
      ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 6, highWatermark: 7 });
      ends.read({ topic: 'city.registry.gauges', partition: 0, lastOffset: 6 });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(ends.left()).toEqual(['city.registry.gauges:0']);
    });
  });

  it('is reached at once when every registry was empty at start', async () => {
    expect(await new RegistryEnds(new Map()).reached(0)).toBe(true);
  });
});
