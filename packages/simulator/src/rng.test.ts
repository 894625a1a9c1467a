import { describe, expect, it } from 'vitest';
import { createRng, poisson } from './rng.ts';

describe('rng > createRng', () => {
  it('repeats the same sequence for the same seed and stream', () => {
    const a = createRng(42, 'x');
    const b = createRng(42, 'x');
    expect(Array.from({ length: 100 }, () => a.next())).toEqual(Array.from({ length: 100 }, () => b.next()));
  });

  it('gives other sequences for another seed or another stream', () => {
    const a = createRng(42, 'x').next();
    expect(createRng(43, 'x').next()).not.toBe(a);
    expect(createRng(42, 'y').next()).not.toBe(a);
  });

  it('draws uniformly in [0, 1) and integers in [0, n)', () => {
    const rng = createRng(1, 'u');
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('draws Poisson counts with the requested mean', () => {
    const rng = createRng(3, 'p');
    let sum = 0;
    for (let i = 0; i < 5000; i++) sum += poisson(rng, 3.5);
    expect(sum / 5000).toBeCloseTo(3.5, 0);
  });
});
