import { describe, expect, it } from 'vitest';
import { gaugeTrend } from './gauge-trend.ts';

const T0 = Date.parse('2026-09-14T08:00:00+08:00');
const min = (m: number) => T0 + m * 60_000;

describe('live > gaugeTrend', () => {
  it('rates the rise over the last hour and forecasts both thresholds', () => {
    const trend = gaugeTrend(
      [
        [min(-120), 3.0],
        [min(0), 3.5],
        [min(30), 3.75],
        [min(60), 4.0],
      ],
      4.5,
      5.0,
    );
    expect(trend.riseMPerH).toBeCloseTo(0.5);
    expect(trend.warningAtMs).toBe(min(120));
    expect(trend.guaranteeAtMs).toBe(min(180));
    expect(trend.status).toBe('normal');
  });

  it('forecasts nothing when falling, already above, or too far ahead', () => {
    expect(
      gaugeTrend(
        [
          [min(0), 4.0],
          [min(60), 3.9],
        ],
        4.5,
        5,
      ).warningAtMs,
    ).toBeNull();
    const above = gaugeTrend(
      [
        [min(0), 4.4],
        [min(60), 4.8],
      ],
      4.5,
      5,
    );
    expect(above).toMatchObject({ status: 'warning', warningAtMs: null, guaranteeAtMs: min(90) });
    expect(
      gaugeTrend(
        [
          [min(0), 1.0],
          [min(60), 1.01],
        ],
        4.5,
        5,
      ).warningAtMs,
    ).toBeNull();
    expect(gaugeTrend([[min(0), 5.1]], 4.5, 5)).toEqual({
      riseMPerH: null,
      warningAtMs: null,
      guaranteeAtMs: null,
      status: 'guarantee',
    });
  });

  it('needs at least a quarter of an hour of data to rate a rise', () => {
    expect(
      gaugeTrend(
        [
          [min(0), 4.0],
          [min(10), 4.2],
        ],
        4.5,
        5,
      ).riseMPerH,
    ).toBeNull();
    expect(gaugeTrend([], 4.5, 5).status).toBe('normal');
  });
});
