import { describe, expect, it } from 'vitest';
import { RegistryEnds } from './registry-ends.ts';

describe('RegistryEnds', () => {
  it('is reached once every partition is read to its end at start, not before', async () => {
    const ends = new RegistryEnds(
      new Map([
        ['city.registry.gauges:0', 10],
        ['city.registry.gauges:1', 3],
      ]),
    );
    ends.read('city.registry.gauges', 0, 8);
    expect(ends.left()).toEqual(['city.registry.gauges:0', 'city.registry.gauges:1']);
    expect(await ends.reached(0)).toBe(false);
    ends.read('city.registry.gauges', 0, 9);
    ends.read('city.registry.shelters', 1, 99);
    expect(ends.left()).toEqual(['city.registry.gauges:1']);
    // A batch past the end (records published since the start) counts as read to it.
    ends.read('city.registry.gauges', 1, 7);
    expect(ends.left()).toEqual([]);
    expect(await ends.reached(0)).toBe(true);
  });

  it('is reached at once when every registry was empty at start', async () => {
    expect(await new RegistryEnds(new Map()).reached(0)).toBe(true);
  });
});
