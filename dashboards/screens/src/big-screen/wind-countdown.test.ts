import { describe, expect, it } from 'vitest';
import type { StormAdvisory } from '../feed/channels.ts';
import { windCountdown } from './wind-countdown.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-09-13T14:00:00+08:00');
const iso = (t: number) => new Date(t).toISOString();

/**
 * Due north along 121.5°E from 29.2°N, 2° per 12 h, to a district centred at 31.2°N: the 7级
 * circle (100 km) reaches it at 6.6 h, the 10级 circle (30 km) at 10.4 h.
 */
const advisory: StormAdvisory = {
  storm_id: '2614',
  name_zh: '海葵',
  category: 'typhoon',
  ts: iso(T0),
  lat: 29.2,
  lon: 121.5,
  pressure_hpa: 960,
  max_wind_ms: 40,
  move_dir_deg: 0,
  move_speed_kmh: 18,
  radii_km: { r7: { ne: 100, se: 100, sw: 100, nw: 100 }, r10: { ne: 30, se: 30, sw: 30, nw: 30 } },
  observed: [],
  forecast: [
    { ts: iso(T0 + 12 * H), lat: 31.2, lon: 121.5, pressure_hpa: 955, lead_h: 12, max_wind_ms: 42 },
    { ts: iso(T0 + 24 * H), lat: 33.2, lon: 121.5, pressure_hpa: 970, lead_h: 24, max_wind_ms: 35 },
  ],
};
const centre = [{ lon: 121.5, lat: 31.2 }];

describe('风圈到达 countdown', () => {
  it('counts down to the 7级 circle, then the 10级 one, then says inside', () => {
    expect(windCountdown(advisory, centre, T0)).toBe('7级风圈7小时后到达');
    expect(windCountdown(advisory, centre, T0 + 3 * H)).toBe('7级风圈4小时后到达');
    expect(windCountdown(advisory, centre, T0 + 6 * H)).toBe('7级风圈1小时内到达');
    expect(windCountdown(advisory, centre, T0 + 7 * H)).toBe('10级风圈3小时后到达');
    expect(windCountdown(advisory, centre, T0 + 11 * H)).toBe('10级风圈内');
  });

  it('says nothing for a district the forecast never reaches, or after the forecast', () => {
    expect(windCountdown(advisory, [{ lon: 121.5, lat: 40 }], T0)).toBe('');
    expect(windCountdown(advisory, centre, T0 + 30 * H)).toBe('');
  });

  it('counts from the first of the places the circle reaches, and says nothing without places', () => {
    // A station 50 km south of the centre (0.45°) meets the 7级 circle about 2.7 h earlier.
    expect(windCountdown(advisory, [...centre, { lon: 121.5, lat: 30.75 }], T0)).toBe('7级风圈4小时后到达');
    expect(windCountdown(advisory, [], T0)).toBe('');
  });

  it('reads the 7级 circle alone when the advisory gives no 10级 radius', () => {
    const noR10 = { ...advisory, radii_km: { r7: advisory.radii_km.r7 } };
    expect(windCountdown(noR10, centre, T0 + 11 * H)).toBe('7级风圈内');
  });
});
