import type { ExtendedFeature } from 'd3-geo';
import { geoArea } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import { type AreaGeometry, districtFeatures, rewindForD3 } from './districts.ts';

describe('districts > rewindForD3', () => {
  const square = (ring: number[][]): ExtendedFeature<AreaGeometry, null> => ({
    type: 'Feature',
    properties: null,
    geometry: { type: 'Polygon', coordinates: [ring] },
  });
  const anticlockwise = [
    [121, 31],
    [122, 31],
    [122, 32],
    [121, 32],
    [121, 31],
  ];

  it('turns an RFC 7946 (anticlockwise) ring into a small area', () => {
    const f = square(anticlockwise);
    expect(geoArea(f)).toBeGreaterThan(2 * Math.PI);
    expect(geoArea(rewindForD3(f))).toBeLessThan(1e-3);
  });

  it('leaves a clockwise ring alone', () => {
    const f = square([...anticlockwise].reverse());
    expect(rewindForD3(f)).toBe(f);
  });

  it('gives all 16 districts of Shanghai an area smaller than a hemisphere', () => {
    expect(districtFeatures).toHaveLength(16);
    for (const f of districtFeatures) expect(geoArea(f)).toBeLessThan(1e-3);
  });
});
