import { describe, expect, it } from 'vitest';
import { coneRadiusKm, HKO_CONE, parseCone } from './cone.ts';

describe('cone > parseCone', () => {
  it('defaults to the Hong Kong Observatory radii', () => {
    expect(parseCone(null)).toEqual({ leadsH: [24, 48, 72], radiiKm: [150, 250, 350] });
  });

  it('reads radii at 24, 48, 72 h, or lead:radius pairs', () => {
    expect(parseCone('72,124,183')).toEqual({ leadsH: [24, 48, 72], radiiKm: [72, 124, 183] });
    expect(parseCone('12:60, 24:100,120:500')).toEqual({ leadsH: [12, 24, 120], radiiKm: [60, 100, 500] });
  });

  it.each(['x', '150,,350', '-1,2,3', '48:100,24:50', '0:10', '1,2,99999'])(
    'falls back to the default on %j',
    (text) => {
      expect(parseCone(text)).toBe(HKO_CONE);
    },
  );
});

describe('cone > coneRadiusKm', () => {
  it('is 0 at the advisory, the configured radius at each lead, linear between', () => {
    expect(coneRadiusKm(0, HKO_CONE)).toBe(0);
    expect(coneRadiusKm(12, HKO_CONE)).toBe(75);
    expect(coneRadiusKm(24, HKO_CONE)).toBe(150);
    expect(coneRadiusKm(36, HKO_CONE)).toBe(200);
    expect(coneRadiusKm(72, HKO_CONE)).toBe(350);
  });

  it('goes on at the last slope beyond the last lead', () => {
    expect(coneRadiusKm(96, HKO_CONE)).toBe(450);
  });
});
