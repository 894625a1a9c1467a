/**
 * Seeded pseudo-random numbers for the household model. Deliberately another generator than
 * packages/simulator's (sfc32): xoshiro128** (Blackman & Vigna, 2018), 128 bits of state, seeded
 * through the MurmurHash3 finaliser of (seed, stream name). Each named stream is independent, so
 * one household's draws do not shift when another's change.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  chance(p: number): boolean;
  /** Normal with the given mean and standard deviation (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** Log-normal with the given arithmetic mean and coefficient of variation. */
  lognormal(mean: number, cv: number): number;
  /** Exponential with the given mean. */
  exp(mean?: number): number;
  /** Poisson count (Knuth below 30, normal approximation above). */
  poisson(mean: number): number;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with the given non-negative weights. */
  weighted(weights: readonly number[]): number;
}

function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function hashName(seed: number, name: string): number {
  let h = fmix32(seed ^ 0x5bd1e995);
  for (let i = 0; i < name.length; i++) h = fmix32(h ^ Math.imul(name.charCodeAt(i), 0xcc9e2d51));
  return h;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export function createRng(seed: number, stream: string): Rng {
  const h = hashName(seed >>> 0, stream);
  let a = fmix32(h + 0x9e3779b9);
  let b = fmix32(h + 0x3c6ef372);
  let c = fmix32(h + 0xdaa66d2b);
  let d = fmix32(h + 0x78dde6e4);
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is the one xoshiro cannot leave
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4294967296;
  };
  const normal = (mean = 0, sd = 1): number => {
    const u = 1 - next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + (hi - lo) * next(),
    chance: (p) => next() < p,
    normal,
    lognormal: (mean, cv) => {
      const s2 = Math.log(1 + cv * cv);
      return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * normal());
    },
    exp: (mean = 1) => -mean * Math.log(1 - next()),
    poisson: (mean) => {
      if (mean <= 0) return 0;
      if (mean > 30) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted: (weights) => {
      let total = 0;
      for (const w of weights) total += w;
      let x = next() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i] ?? 0;
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
  };
}
