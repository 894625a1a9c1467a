import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { describe, expect, it } from 'vitest';
import { parseUtilityConfig, type UtilityConfig } from './config.ts';
import { learnable } from './rhythm.ts';
import { hourOfDay } from './time.ts';
import { ringHoursFor, SLOT, UsageRing } from './usage-ring.ts';
import { learnWaterProfile, type WaterProfile } from './water-profile.ts';

const config = parseUtilityConfig({});
const HOURS = ringHoursFor(config.historyDays);
const FIRST = 490_000;

/** Deterministic uniform draws in [0, 1) (pure-rand's Mersenne Twister). */
function prng(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

/**
 * The profile as learnt before issue 17's pass: every hour of the span through `ring.at`, a
 * closure closing runs. What the single walk with its early stop must give back, value for value.
 */
function reference(ring: UsageRing, through: number, c: UtilityConfig): number[] | undefined {
  const wet = new Float64Array(24);
  const seen = new Float64Array(24);
  const longest = new Float64Array(24);
  let usable = 0;
  let streakFrom = Number.NaN;
  const closeStreak = (to: number) => {
    if (Number.isNaN(streakFrom)) return;
    const length = to - streakFrom;
    for (let x = streakFrom; x < to; x++) {
      const d = hourOfDay(x);
      if (length > (longest[d] as number)) longest[d] = length;
    }
    streakFrom = Number.NaN;
  };
  for (let h = Math.max(ring.latest - ring.size + 1, through - ring.size + 1); h <= through; h++) {
    const s = ring.at(h);
    if (s < 0 || !learnable(ring, s, c.minReadingsPerHour)) {
      closeStreak(h);
      continue;
    }
    usable++;
    const d = hourOfDay(h);
    const water = ring.waterAt(s);
    seen[d] = (seen[d] as number) + 1;
    if (water > c.waterEpsM3) wet[d] = (wet[d] as number) + 1;
    if (water >= c.waterRunningMinFlowM3h) {
      if (Number.isNaN(streakFrom)) streakFrom = h;
    } else closeStreak(h);
  }
  closeStreak(through + 1);
  if (usable / 24 < c.minHistoryDays) return undefined;
  return [...Array.from(seen, (n, d) => (n > 0 ? (wet[d] as number) / n : 1)), ...longest, usable / 24];
}

const values = (p: WaterProfile | undefined): number[] | undefined =>
  p && [
    ...Array.from({ length: 24 }, (_, d) => p.wetShare(d)),
    ...Array.from({ length: 24 }, (_, d) => p.longestHeavyHours(d)),
    p.days,
  ];

/**
 * A ring with `n` hours from FIRST: dry nights, heavy runs (some longer than a day), and a share
 * `gaps` of hours not learnable (incomplete, excluded or never written), so that some rings land
 * just above or below `minHistoryDays` usable days.
 */
function randomRing(rand: () => number, n: number, gaps: number): UsageRing {
  const ring = new UsageRing(HOURS);
  let heavyLeft = 0;
  for (let i = 0; i < n; i++) {
    if (heavyLeft === 0 && rand() < 0.03) heavyLeft = 1 + Math.floor(rand() * 40);
    const heavy = heavyLeft > 0;
    if (heavy) heavyLeft--;
    const night = hourOfDay(FIRST + i) < 6;
    const water = heavy ? 0.1 + rand() : night && rand() < 0.8 ? 0 : Math.round(rand() * 40) / 1000;
    const gap = rand() < gaps;
    if (gap && rand() < 0.3) {
      ring.ensure(FIRST + i);
      continue;
    }
    const s = ring.seed(FIRST + i, water, 0.5, gap && rand() < 0.5 ? 2 : 4, 4);
    if (gap) ring.mark(s, SLOT.excluded);
  }
  return ring;
}

describe('water > profile learning (water-profile.ts)', () => {
  it('learns the same profile as the hour-by-hour walk, filling rings and full ones, any span', () => {
    let learnt = 0;
    let none = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const n = 24 + Math.floor(rand() * (HOURS + 100));
      const ring = randomRing(rand, n, rand() * 0.6);
      const c = parseUtilityConfig({ minHistoryDays: 2 + Math.floor(rand() * 10) });
      // Through the newest hour, a day before (the detector's), or past the ring's newest.
      for (const through of [ring.latest, ring.latest - 24 - Math.floor(rand() * 30), ring.latest + 7]) {
        const want = reference(ring, through, c);
        expect(values(learnWaterProfile(ring, through, c)), `seed ${seed} through ${through}`).toEqual(want);
        if (want) learnt++;
        else none++;
      }
    }
    // Both outcomes met many times: the early stop is exercised on each side of the limit.
    expect(learnt).toBeGreaterThan(100);
    expect(none).toBeGreaterThan(100);
  });

  it('learns nothing from a ring never written', () => {
    expect(learnWaterProfile(new UsageRing(HOURS), FIRST, config)).toBeUndefined();
  });
});
