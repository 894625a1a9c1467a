import { describe, expect, it } from 'vitest';
import type { RiskValue } from '../feed/channels.ts';
import { missingFeeds } from './risk-ranking.ts';

const risk = (extra: Record<string, number>): RiskValue => ({
  district: '310115',
  name: '浦东新区',
  ts: '2026-09-14T09:00:00+08:00',
  score: 42,
  level: 'yellow',
  components: { wind: 0, rain: 0, water: 0.5, exposure: 0.4, ...extra },
});

describe('risk-ranking > missingFeeds', () => {
  it('marks a district whose score rests on some feeds only', () => {
    expect(missingFeeds(risk({ weather_missing: 1, water_missing: 0, degraded: 1 }))).toBe('气象缺测');
    expect(missingFeeds(risk({ weather_missing: 1, water_missing: 1, degraded: 1 }))).toBe(
      '气象缺测 水位缺测',
    );
  });

  it('marks nothing when every feed reports, or the producer says nothing of it', () => {
    expect(missingFeeds(risk({ weather_missing: 0, water_missing: 0, degraded: 0 }))).toBe('');
    expect(missingFeeds(risk({}))).toBe('');
  });
});
