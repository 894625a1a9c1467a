import { describe, expect, it } from 'vitest';
import { UsageBins } from './bins.ts';

describe('bins > UsageBins', () => {
  it('spreads a use over the quarters it spans, in proportion', () => {
    const bins = new UsageBins(2);
    bins.addWater(1, 10, 10, 20); // minutes 10-20: 5 min in quarter 0, 5 in quarter 1
    expect(bins.take(1, 0).water).toBeCloseTo(10);
    expect(bins.take(1, 1).water).toBeCloseTo(10);
    expect(bins.take(0, 0).water).toBe(0);
  });

  it('cuts off use inside a quiet interval but not a running tap', () => {
    const bins = new UsageBins(1);
    bins.addQuiet(0, 15, Number.POSITIVE_INFINITY);
    bins.addWater(0, 10, 10, 20);
    bins.addPower(0, 0, 30, 1000);
    bins.addWaterUnattended(0, 20, 5, 7);
    expect(bins.take(0, 0)).toEqual({ water: 10, power: 250 });
    expect(bins.take(0, 1)).toEqual({ water: 7, power: 0 });
  });

  it('clears a quarter once taken, so the ring can be reused three days later', () => {
    const bins = new UsageBins(1);
    bins.addWater(0, 0, 1, 3);
    expect(bins.take(0, 0).water).toBeCloseTo(3);
    expect(bins.take(0, 288).water).toBe(0);
  });
});
