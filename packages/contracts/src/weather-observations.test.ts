import { describe, expect, it } from 'vitest';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { decode } from './parse.ts';
import { TOPICS } from './topics.ts';
import { weatherObservationSchema } from './weather-observations.ts';

const observation = (changes: Record<string, unknown>) => exampleWith(TOPICS.weatherObservations, changes);

describe('weather-observations > weatherObservationSchema', () => {
  it('accepts an observation with only station_id, ts and period_s', () => {
    const text = '{"station_id":"AWS-58367","ts":"2026-09-14T08:15:00+08:00","period_s":300}';
    expect(decode(weatherObservationSchema, text).ok).toBe(true);
  });

  it('reads a null measurement as missing', () => {
    expect(decode(weatherObservationSchema, observation({ rain_mm: null })).ok).toBe(true);
  });

  it('requires period_s', () => {
    expect(reasonFor(weatherObservationSchema, observation({ period_s: undefined }))).toBe(
      'period_s: expected integer from 1 to 86400, got nothing',
    );
  });

  it.each([
    ['wind_speed_ms', 250, 'number ≤ 100'],
    ['wind_speed_ms', -1, 'number ≥ 0'],
    ['wind_gust_ms', 121, 'number ≤ 120'],
    ['wind_dir_deg', 361, 'number ≤ 360'],
    ['rain_mm', 501, 'number ≤ 500'],
    ['pressure_hpa', 849, 'number ≥ 850'],
    ['pressure_hpa', 1101, 'number ≤ 1100'],
    ['temp_c', -61, 'number ≥ -60'],
    ['temp_c', 61, 'number ≤ 60'],
  ])('rejects %s = %d as out of physical range', (field, value, expected) => {
    expect(reasonFor(weatherObservationSchema, observation({ [field]: value }))).toBe(
      `${field}: expected ${expected}, got ${value}`,
    );
  });

  it('rejects a wind speed sent as a string', () => {
    expect(reasonFor(weatherObservationSchema, observation({ wind_speed_ms: '17.4' }))).toBe(
      'wind_speed_ms: expected number, got "17.4"',
    );
  });
});
