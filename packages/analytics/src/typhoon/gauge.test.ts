import { describe, expect, it } from 'vitest';
import { forecastCrossing, type LevelReading, levelTrend } from './gauge.ts';
import { at } from './test-fixtures.ts';
import { HOUR } from './time.ts';

/** Readings every 5 minutes rising `rise` m/h from `start`, optionally with a spike. */
function rising(start: number, rise: number, n: number, spikeAt?: number): LevelReading[] {
  return Array.from({ length: n }, (_, i) => ({
    t: at(5 * i),
    level: start + (rise * 5 * i) / 60 + (i === spikeAt ? 1.5 : 0),
  }));
}

describe('gauge > levelTrend', () => {
  it('recovers a steady rise', () => {
    const trend = levelTrend(rising(3, 0.6, 10));
    expect(trend?.riseMPerH).toBeCloseTo(0.6, 6);
    expect(trend?.level).toBeCloseTo(3 + 0.6 * 0.75, 6);
    expect(trend?.at).toBe(at(45));
  });

  it('is barely moved by a one-reading spike (Theil–Sen, not least squares)', () => {
    const trend = levelTrend(rising(3, 0.6, 10, 9));
    expect(trend?.riseMPerH).toBeGreaterThan(0.55);
    expect(trend?.riseMPerH).toBeLessThan(0.75);
    expect(trend?.level).toBeLessThan(3.6);
  });

  it('needs a few readings', () => {
    expect(levelTrend(rising(3, 0.6, 3))).toBeUndefined();
  });
});

describe('gauge > forecastCrossing', () => {
  const trend = { at: at(0), level: 4.0, riseMPerH: 0.5 };

  it('is when the line reaches the threshold', () => {
    expect(forecastCrossing(trend, 4.5, 6 * HOUR)).toBe(at(60));
    expect(forecastCrossing(trend, 5.0, 6 * HOUR)).toBe(at(120));
  });

  it('is undefined beyond the horizon, when falling or flat, and when already above', () => {
    expect(forecastCrossing(trend, 8.0, 6 * HOUR)).toBeUndefined();
    expect(forecastCrossing({ ...trend, riseMPerH: -0.2 }, 4.5, 6 * HOUR)).toBeUndefined();
    expect(forecastCrossing({ ...trend, riseMPerH: 0.001 }, 4.5, 6 * HOUR)).toBeUndefined();
    expect(forecastCrossing(trend, 3.9, 6 * HOUR)).toBeUndefined();
  });
});
