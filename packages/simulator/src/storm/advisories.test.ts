import { decode, schemaFor, TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { HOUR, parseInstant } from '../time.ts';
import { advisoryAt, advisoryTimes, categoryOf, FORECAST_LEADS_H, WIND_CIRCLE_MS } from './advisories.ts';
import { createTrack } from './track.ts';
import { windAt } from './wind.ts';

const landfall = parseInstant('2026-09-14T02:00:00+08:00');
const track = createTrack(landfall, createRng(42, 'storm:track'));

describe('storm > advisoryTimes', () => {
  it('every 3 h at 02, 05, 08 … Beijing time, hourly from 12 h before to 6 h after landfall', () => {
    const times = advisoryTimes(landfall - 24 * HOUR, landfall + 12 * HOUR, landfall).map(
      (t) => (t - landfall) / HOUR,
    );
    expect(times).toEqual([-24, -21, -18, -15, ...Array.from({ length: 19 }, (_, i) => i - 12), 9]);
  });
});

describe('storm > categoryOf', () => {
  it.each([
    [15, 'tropical_depression'],
    [20, 'tropical_storm'],
    [30, 'severe_tropical_storm'],
    [35, 'typhoon'],
    [45, 'strong_typhoon'],
    [55, 'super_typhoon'],
  ])('%d m/s is %s', (wind, category) => {
    expect(categoryOf(wind)).toBe(category);
  });
});

describe('storm > advisoryAt', () => {
  const rng = createRng(42, 'stream:advisories');
  const advisories = advisoryTimes(landfall - 48 * HOUR, landfall + 12 * HOUR, landfall).map((t) =>
    advisoryAt(track, t, rng),
  );

  it('publishes what the contract accepts', () => {
    for (const { advisory } of advisories) {
      const decoded = decode(schemaFor(TOPICS.typhoonAdvisories), JSON.stringify(advisory));
      expect(decoded.ok, JSON.stringify(decoded)).toBe(true);
    }
  });

  it('gives 7级 radii where the wind model blows Beaufort 7 (inside) and less (just outside)', () => {
    const { advisory } = advisories.find((a) => a.advisory.ts.startsWith('2026-09-13T20')) ?? {};
    const r7 = advisory?.radii_km?.r7;
    expect(r7?.ne).toBeGreaterThan(50);
    const storm = track.at(landfall - 6 * HOUR);
    const at = (km: number) => {
      const lat = storm.lat + (km * Math.cos(Math.PI / 4)) / 111.2;
      const lon = storm.lon + (km * Math.sin(Math.PI / 4)) / (111.2 * Math.cos((storm.lat * Math.PI) / 180));
      return windAt(storm, track.ambientHpa, lon, lat, true).speedMs;
    };
    expect(at((r7?.ne ?? 0) - 5)).toBeGreaterThanOrEqual(WIND_CIRCLE_MS.r7);
    expect(at((r7?.ne ?? 0) + 15)).toBeLessThan(WIND_CIRCLE_MS.r7);
  });

  it('forecasts to +72 h with an error that grows with the lead time', () => {
    expect(advisories.every((a) => a.advisory.forecast.length === FORECAST_LEADS_H.length)).toBe(true);
    const mean = (i: number) =>
      advisories.reduce((s, a) => s + (a.truth.forecast_error_km[i] ?? 0), 0) / advisories.length;
    expect(mean(1)).toBeLessThan(mean(3));
    expect(mean(3)).toBeLessThan(mean(5));
    expect(mean(5)).toBeGreaterThan(100);
    expect(mean(5)).toBeLessThan(300);
  });
});
