import { describe, expect, it } from 'vitest';
import type { GaugeValue } from '../feed/channels.ts';
import { forecastSegment, nextCrossing, pickGauges } from './gauge-forecast.ts';

const t0 = Date.parse('2026-09-14T08:00:00+08:00');
function gauge(id: string, over: Partial<GaugeValue> = {}): GaugeValue {
  return {
    gauge_id: id,
    name: id,
    district: '310101',
    kind: 'river',
    lat: 31.2,
    lon: 121.5,
    ts: new Date(t0).toISOString(),
    level_m: 4,
    warning_level_m: 4.8,
    guarantee_level_m: 5.86,
    rise_m_per_h: 0,
    forecast_warning_at: null,
    forecast_guarantee_at: null,
    status: 'normal',
    recent: [
      [t0 - 3_600_000, 3.9],
      [t0, 4],
    ],
    ...over,
  };
}

describe('gauge-forecast > nextCrossing', () => {
  it('forecasts the warning level while normal and the guaranteed level once above warning', () => {
    const at = '2026-09-14T10:00:00+08:00';
    expect(nextCrossing(gauge('a', { forecast_warning_at: at }))?.kind).toBe('warning');
    expect(
      nextCrossing(gauge('a', { status: 'warning', forecast_warning_at: at, forecast_guarantee_at: at })),
    ).toEqual({ at: Date.parse(at), level: 5.86, kind: 'guarantee' });
    expect(nextCrossing(gauge('a', { status: 'guarantee', forecast_guarantee_at: at }))).toBeNull();
  });
});

describe('gauge-forecast > forecastSegment', () => {
  it('runs from the last reading to the threshold at the crossing time', () => {
    const at = '2026-09-14T10:00:00+08:00';
    expect(forecastSegment(gauge('a', { forecast_warning_at: at }))).toEqual([
      [t0, 4],
      [Date.parse(at), 4.8],
    ]);
  });
  it('is absent without a forecast or with one in the past', () => {
    expect(forecastSegment(gauge('a'))).toBeNull();
    expect(forecastSegment(gauge('a', { forecast_warning_at: '2026-09-14T07:00:00+08:00' }))).toBeNull();
  });
});

describe('gauge-forecast > pickGauges', () => {
  it('ranks guaranteed, then warning, then the soonest crossing, then the nearest to warning', () => {
    const picked = pickGauges(
      [
        gauge('near', { level_m: 4.7 }),
        gauge('far', { level_m: 2 }),
        gauge('soon', { forecast_warning_at: '2026-09-14T09:00:00+08:00' }),
        gauge('later', { forecast_warning_at: '2026-09-14T11:00:00+08:00' }),
        gauge('warn', { status: 'warning', level_m: 5 }),
        gauge('guar', { status: 'guarantee', level_m: 6 }),
      ],
      5,
    ).map((g) => g.gauge_id);
    expect(picked).toEqual(['guar', 'warn', 'soon', 'later', 'near']);
  });
});
