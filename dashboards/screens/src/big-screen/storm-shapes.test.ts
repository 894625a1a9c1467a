import { describe, expect, it } from 'vitest';
import type { StormAdvisory } from '../feed/channels.ts';
import { HKO_CONE } from './cone.ts';
import { coneCircles, offset, windCircleRing } from './storm-shapes.ts';

const advisory: StormAdvisory = {
  storm_id: '2614',
  name_zh: '海葵',
  category: 'strong_typhoon',
  ts: '2026-09-14T05:00:00.000+08:00',
  lat: 30,
  lon: 122,
  pressure_hpa: 960,
  max_wind_ms: 42,
  move_dir_deg: 315,
  move_speed_kmh: 18,
  radii_km: {},
  observed: [],
  forecast: [
    {
      ts: '2026-09-14T17:00:00.000+08:00',
      lead_h: 12,
      lat: 31,
      lon: 121,
      pressure_hpa: 965,
      max_wind_ms: 38,
    },
    {
      ts: '2026-09-15T05:00:00.000+08:00',
      lead_h: 24,
      lat: 32,
      lon: 120,
      pressure_hpa: 985,
      max_wind_ms: 23,
    },
    {
      ts: '2026-09-17T05:00:00.000+08:00',
      lead_h: 72,
      lat: 34,
      lon: 118,
      pressure_hpa: null,
      max_wind_ms: null,
    },
  ],
};

describe('storm shapes > offset', () => {
  it('moves north by degrees of latitude and east by degrees shrunk with the latitude', () => {
    expect(offset(122, 30, 0, 111.2)).toEqual([122, 31]);
    const [lon, lat] = offset(122, 60, 90, 55.6);
    expect(lon).toBeCloseTo(123, 6);
    expect(lat).toBeCloseTo(60, 6);
  });
});

describe('storm shapes > windCircleRing', () => {
  it('draws each quadrant at its own radius', () => {
    const ring = windCircleRing(122, 30, { ne: 300, se: 200, sw: 100, nw: 50 }, 90);
    // Bearings 0, 90 (NE), 90, 180 (SE), 180, 270 (SW), 270, 360 (NW).
    expect(ring).toHaveLength(8);
    expect(ring[0]).toEqual(offset(122, 30, 0, 300));
    expect(ring[3]).toEqual(offset(122, 30, 180, 200));
    expect(ring[7]).toEqual(offset(122, 30, 360, 50));
  });
});

describe('storm shapes > coneCircles', () => {
  it('follows the forecast track with the radius of each lead time, marking 24/48/72 h', () => {
    const circles = coneCircles(advisory, HKO_CONE, 12);
    expect(circles.map((c) => [c.center, c.radiusKm, c.marked])).toEqual([
      [[121, 31], 75, false],
      [[120, 32], 150, true],
      [[119.5, 32.5], 200, false],
      [[119, 33], 250, true],
      [[118.5, 33.5], 300, false],
      [[118, 34], 350, true],
    ]);
  });

  it('is empty without a forecast', () => {
    expect(coneCircles({ ...advisory, forecast: [] }, HKO_CONE)).toEqual([]);
  });
});
