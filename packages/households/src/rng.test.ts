import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';

const draws = (seed: number, stream: string, n = 5) => {
  const rng = createRng(seed, stream);
  return Array.from({ length: n }, () => rng.next());
};

describe('rng > createRng', () => {
  it('repeats a (seed, stream) and differs across seeds and streams', () => {
    expect(draws(1, 'a')).toEqual(draws(1, 'a'));
    expect(draws(1, 'a')).not.toEqual(draws(2, 'a'));
    expect(draws(1, 'a')).not.toEqual(draws(1, 'b'));
  });

  it('draws uniforms in [0, 1) with the right mean, and Poisson counts with the right mean', () => {
    const rng = createRng(9, 'stats');
    let sum = 0;
    let poisson = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      poisson += rng.poisson(4);
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    expect(poisson / 20_000).toBeCloseTo(4, 1);
  });

  it('keeps a log-normal’s arithmetic mean', () => {
    const rng = createRng(3, 'lognormal');
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += rng.lognormal(9, 0.45);
    expect(sum / 20_000).toBeGreaterThan(8.7);
    expect(sum / 20_000).toBeLessThan(9.3);
  });
});
