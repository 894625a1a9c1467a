import { describe, expect, it } from 'vitest';
import { gaugeHazard } from './gauge.ts';
import { bandLevel, LEVELS } from './levels.ts';
import { rainHazard } from './rain.ts';
import { BEAUFORT_MS, beaufort } from './thresholds.ts';
import { windHazard } from './wind.ts';

describe('thresholds > beaufort', () => {
  it('gives the force whose lower bound a speed reaches (GB/T 28591-2012)', () => {
    expect(beaufort(10.7)).toBe(5);
    expect(beaufort(10.8)).toBe(6);
    expect(beaufort(32.7)).toBe(12);
    expect(beaufort(60)).toBe(17);
  });
});

describe('thresholds > windHazard (台风预警信号)', () => {
  const cases: [string, number, number][] = [
    // [level, mean force, gust force] at which the level starts
    ['blue', 6, 8],
    ['yellow', 8, 10],
    ['orange', 10, 12],
    ['red', 12, 14],
  ];
  for (const [level, mean, gust] of cases) {
    const k = LEVELS.indexOf(level as (typeof LEVELS)[number]);
    it(`${level}: mean force ${mean} or gust force ${gust}, not just below`, () => {
      const m = BEAUFORT_MS[mean] as number;
      const g = BEAUFORT_MS[gust] as number;
      expect(windHazard({ meanMs: m, gustMs: undefined }).level).toBe(k);
      expect(windHazard({ meanMs: undefined, gustMs: g }).level).toBe(k);
      expect(windHazard({ meanMs: m - 0.05, gustMs: g - 0.05 }).level).toBe(k - 1);
      expect(bandLevel(windHazard({ meanMs: m, gustMs: undefined }).hazard)).toBe(level);
    });
  }

  it('is unknown, not calm, without data: no level and no driver', () => {
    expect(windHazard({ meanMs: undefined, gustMs: undefined })).toEqual({
      level: 0,
      hazard: 0,
      driver: undefined,
    });
  });
});

describe('thresholds > rainHazard (暴雨预警信号)', () => {
  it('blue at 50 mm in 12 h, yellow in 6 h, orange in 3 h, red at 100 mm in 3 h', () => {
    expect(rainHazard({ h12: 49.9 }).level).toBe(0);
    expect(rainHazard({ h12: 50 }).level).toBe(1);
    expect(rainHazard({ h12: 50, h6: 50 }).level).toBe(2);
    expect(rainHazard({ h12: 50, h6: 50, h3: 50 }).level).toBe(3);
    expect(rainHazard({ h12: 100, h6: 100, h3: 100 }).level).toBe(4);
    expect(rainHazard({ h12: 300, h6: 300, h3: 200 }).hazard).toBe(1);
  });

  it('rises inside a band with the next level’s window', () => {
    const low = rainHazard({ h12: 60, h6: 20 });
    const high = rainHazard({ h12: 60, h6: 40 });
    expect(low.level).toBe(1);
    expect(high.level).toBe(1);
    expect(high.hazard).toBeGreaterThan(low.hazard);
  });
});

describe('thresholds > gaugeHazard (洪水预警信号)', () => {
  const river = { warning_level_m: 4, guarantee_level_m: 5, kind: 'river' };
  const lead = 3_600_000;

  it('blue when the rise reaches the warning level within the lead, yellow at it, orange at guaranteed', () => {
    expect(gaugeHazard(3.7, 0, river, lead).level).toBe(0);
    expect(gaugeHazard(3.7, 0.3, river, lead).level).toBe(1);
    expect(gaugeHazard(4.0, -0.5, river, lead).level).toBe(2);
    expect(gaugeHazard(5.0, 0, river, lead).level).toBe(3);
    expect(gaugeHazard(5.5, 0, river, lead).level).toBe(4);
  });

  it('stops an underpass at the start of orange', () => {
    const underpass = { warning_level_m: 0.15, guarantee_level_m: 0.3, kind: 'underpass' };
    const flooded = gaugeHazard(0.3, 0, underpass, lead);
    expect(flooded.level).toBe(3);
    expect(flooded.hazard).toBeCloseTo(0.6, 9);
    expect(gaugeHazard(1.0, 1, underpass, lead).level).toBe(3);
    expect(gaugeHazard(0.2, 0, underpass, lead).level).toBe(2);
  });
});
