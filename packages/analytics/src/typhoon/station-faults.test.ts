import type { Alert, WeatherObservation } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { DistrictRiskModel } from './district-model.ts';
import { at, obs, registry, station } from './test-fixtures.ts';

const open = (alerts: Alert[]) =>
  alerts
    .filter((a) => a.type === 'gauge_fault' && a.status === 'open')
    .map((a) => [a.subject, a.evidence.fault]);

const flagged = (m: DistrictRiskModel, watermark: number) =>
  m.advanceWeather(watermark).flagged.map((f) => f.kind === 'weather' && [f.station_id, f.t, f.fields]);

/** Both stations of the district: a steady breeze (mean 8, gust 12 m/s, 0.5 mm) every 5 minutes. */
function steady(
  m: DistrictRiskModel,
  fromMin: number,
  toMin: number,
  edit: Record<string, Partial<WeatherObservation>> = {},
) {
  for (let k = fromMin; k <= toMin; k += 5) {
    for (const id of ['AWS-1', 'AWS-2']) {
      const base = { wind_speed_ms: 8 + (k % 10) / 10, wind_gust_ms: 12, rain_mm: 0.5 };
      m.onWeather(obs(id, k, { ...base, ...edit[`${id}@${k}`] }));
    }
  }
}

describe('station glitches > held as suspect', () => {
  it('holds a gust jump no storm makes in five minutes, with no wind hazard from it, then refutes it', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [] }));
    steady(m, 5, 60);
    // 45 m/s (force 14) from 12, inside what an anemometer reads: a red gust if believed.
    expect(m.onWeather(obs('AWS-1', 65, { wind_speed_ms: 8, wind_gust_ms: 45, rain_mm: 0.5 }))).toBe(
      'accepted',
    );
    m.onWeather(obs('AWS-2', 65, { wind_speed_ms: 8, wind_gust_ms: 12, rain_mm: 0.5 }));
    expect(m.assess(at(65)).wind.gustMs).toBe(12);
    expect(m.assess(at(65)).wind.level).toBe(0);
    expect(flagged(m, at(65))).toEqual([]);
    steady(m, 70, 70);
    expect(flagged(m, at(70))).toEqual([['AWS-1', at(65), ['wind_gust_ms']]]);
    expect(m.assess(at(70)).wind.level).toBe(0);
  });

  it('refutes a mean wind jump and a burst of rain in dry minutes, and reports the station implausible', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [] }));
    steady(m, 5, 90, {
      'AWS-2@40': { wind_speed_ms: 30, wind_gust_ms: 12, rain_mm: 0.5 },
      'AWS-1@60': { wind_speed_ms: 8, wind_gust_ms: 12, rain_mm: 16 },
    });
    expect(flagged(m, at(90))).toEqual([
      ['AWS-2', at(40), ['wind_speed_ms']],
      ['AWS-1', at(60), ['rain_mm']],
    ]);
    expect(m.assess(at(90)).rain.accumulations.h1).toBeLessThan(7);
    expect(open(m.advanceWeather(at(95)).alerts)).toEqual([]);
    const m2 = new DistrictRiskModel({}, registry({ gauges: [] }));
    steady(m2, 5, 90, { 'AWS-2@40': { wind_speed_ms: 30 } });
    expect(open(m2.advanceWeather(at(90)).alerts)).toEqual([['AWS-2', 'implausible']]);
  });

  it('confirms a rise its neighbour shares at once, and one the next reading keeps', () => {
    // Wind over the last 5 minutes only, so the hazard shows the newest reading.
    const config = { windWindowMs: 5 * 60_000 };
    const m = new DistrictRiskModel(config, registry({ gauges: [] }));
    steady(m, 5, 60);
    // An eyewall reaching both stations: 8 -> 30 m/s mean in five minutes.
    for (const id of ['AWS-1', 'AWS-2']) m.onWeather(obs(id, 65, { wind_speed_ms: 30, wind_gust_ms: 42 }));
    expect(m.assess(at(65)).wind.gustMs).toBe(42);
    // One station alone rising and staying up is believed at its next reading.
    const lone = new DistrictRiskModel(config, registry({ gauges: [] }));
    steady(lone, 5, 60);
    lone.onWeather(obs('AWS-1', 65, { wind_speed_ms: 30, wind_gust_ms: 42 }));
    expect(lone.assess(at(65)).wind.level).toBe(0);
    lone.onWeather(obs('AWS-1', 70, { wind_speed_ms: 31, wind_gust_ms: 44 }));
    expect(lone.assess(at(70)).wind.level).toBeGreaterThan(0);
    expect(flagged(lone, at(70))).toEqual([]);
  });

  it('refutes an older glitch that arrives out of order between two agreeing readings', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [], stations: [station('AWS-1')] }));
    for (const k of [5, 10, 15, 25, 30]) m.onWeather(obs('AWS-1', k, { wind_speed_ms: 8, wind_gust_ms: 12 }));
    expect(m.onWeather(obs('AWS-1', 20, { wind_speed_ms: 8, wind_gust_ms: 50 }))).toBe('refuted');
    expect(m.assess(at(30)).wind.gustMs).toBe(12);
  });

  it('still refutes a value beyond every station limit at once (a 99 m/s gust)', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [] }));
    steady(m, 5, 20);
    expect(m.onWeather(obs('AWS-1', 25, { wind_speed_ms: 8, wind_gust_ms: 99 }))).toBe('refuted');
    expect(flagged(m, at(25))).toEqual([['AWS-1', at(25), ['wind_gust_ms']]]);
  });
});

describe('station faults > stuck and silent', () => {
  it('reports an anemometer stuck for 3 h while its neighbour moves, and stops reading its wind', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [] }));
    for (let k = 5; k <= 300; k += 5) {
      // AWS-1 sticks at 25 m/s from minute 60 while the storm passes and AWS-2 calms down.
      const real = k <= 60 ? 25 : Math.max(3, 25 - (k - 60) / 10);
      m.onWeather(obs('AWS-1', k, { wind_speed_ms: k <= 60 ? real : 25, wind_gust_ms: 35 }));
      m.onWeather(obs('AWS-2', k, { wind_speed_ms: real, wind_gust_ms: real * 1.4 }));
    }
    const alerts = m.advanceWeather(at(300)).alerts.filter((a) => a.evidence.fault === 'stuck');
    expect(alerts.map((a) => [a.subject, a.since, a.severity, a.evidence.device_kind])).toEqual([
      ['AWS-1', '2026-09-14T00:05:00+08:00', 'info', 'station'],
    ]);
    // With the stuck wind read as unknown, the district's wind is AWS-2's calm.
    expect(m.assess(at(300)).wind.stationId).toBe('AWS-2');
    expect(m.assess(at(300)).wind.level).toBe(0);
  });

  it('does not take two calm stations holding the same value for a stuck one', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [] }));
    for (let k = 5; k <= 300; k += 5)
      for (const id of ['AWS-1', 'AWS-2']) m.onWeather(obs(id, k, { wind_speed_ms: 2, wind_gust_ms: 3 }));
    expect(open(m.advanceWeather(at(300)).alerts)).toEqual([]);
  });

  it('reports a station silent an hour while its neighbour reports', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [] }));
    for (let k = 5; k <= 150; k += 5) {
      if (k <= 60) m.onWeather(obs('AWS-1', k, { wind_speed_ms: 8 }));
      m.onWeather(obs('AWS-2', k, { wind_speed_ms: 8 }));
    }
    expect(open(m.advanceWeather(at(150)).alerts)).toEqual([['AWS-1', 'silent']]);
  });
});
