import { describe, expect, it } from 'vitest';
import { combine } from './combine.ts';
import { bandLevel, LEVELS, levelIndex } from './levels.ts';
import { rng } from './test-fixtures.ts';

describe('combine > levels and bands', () => {
  it('bands the score: none < 20 ≤ blue < 40 ≤ yellow < 60 ≤ orange < 80 ≤ red', () => {
    expect([0, 19.9, 20, 39.9, 40, 59.9, 60, 79.9, 80, 100].map((s) => bandLevel(s / 100))).toEqual([
      'none',
      'none',
      'blue',
      'blue',
      'yellow',
      'yellow',
      'orange',
      'orange',
      'red',
      'red',
    ]);
  });

  it('follows the signal logic: at least the highest hazard level, at most one above, and always its score’s band', () => {
    const random = rng(4);
    for (let i = 0; i < 5000; i++) {
      const h = { wind: random(), rain: random() * 0.7, water: random() * 0.5 };
      const c = combine(h, random());
      const hazardLevel = levelIndex(bandLevel(Math.max(h.wind, h.rain, h.water)));
      expect(levelIndex(c.level)).toBeGreaterThanOrEqual(hazardLevel);
      expect(levelIndex(c.level)).toBeLessThanOrEqual(hazardLevel + 1);
      expect(c.level).toBe(bandLevel(c.score / 100));
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
    }
  });

  it('lets exposure raise a level only once a hazard has reached blue', () => {
    expect(combine({ wind: 0.199, rain: 0, water: 0 }, 1).level).toBe('none');
    expect(combine({ wind: 0.35, rain: 0, water: 0 }, 0).level).toBe('blue');
    expect(combine({ wind: 0.35, rain: 0, water: 0 }, 1).level).toBe('yellow');
  });

  it('never rounds a score up into the next band', () => {
    const justBelow = combine({ wind: 0.2 - 1e-10, rain: 0, water: 0 }, 0);
    expect(justBelow.level).toBe('none');
    expect(justBelow.score).toBeLessThan(20);
  });

  it('keeps LEVELS in signal order', () => {
    expect(LEVELS).toEqual(['none', 'blue', 'yellow', 'orange', 'red']);
  });
});
