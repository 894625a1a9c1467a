import { describe, expect, it } from 'vitest';
import { DistrictRiskModel } from './district-model.ts';
import { type RainPeriod, rainAccumulations } from './rain.ts';
import { at, obs, registry, station } from './test-fixtures.ts';
import { MINUTE } from './time.ts';

const fiveMin = (minutes: number, mm: number): RainPeriod => ({ t: at(minutes), periodMs: 5 * MINUTE, mm });

describe('rain > rainAccumulations', () => {
  it('sums the periods ending inside each window', () => {
    // 2 mm every 5 minutes for 13 hours: 24 mm/h.
    const periods = Array.from({ length: 156 }, (_, i) => fiveMin(5 * (i + 1), 2));
    const acc = rainAccumulations(periods, at(13 * 60));
    expect(acc.h1).toBeCloseTo(24);
    expect(acc.h3).toBeCloseTo(72);
    expect(acc.h6).toBeCloseTo(144);
    expect(acc.h12).toBeCloseTo(288);
    expect(acc.h24).toBeCloseTo(312);
  });

  it('ignores periods after the evaluation time and prorates one straddling a window start', () => {
    const hourly: RainPeriod = { t: at(90), periodMs: 60 * MINUTE, mm: 12 };
    const acc = rainAccumulations([hourly, fiveMin(125, 50)], at(120));
    // (60, 120]: the hourly period (30, 90] overlaps it by 30 of its 60 minutes.
    expect(acc.h1).toBeCloseTo(6);
    expect(acc.h3).toBeCloseTo(12);
  });

  it('does not depend on the order periods come in', () => {
    const periods = Array.from({ length: 40 }, (_, i) => fiveMin(5 * (i + 1), (i * 7) % 5));
    const reversed = [...periods].reverse();
    expect(rainAccumulations(reversed, at(200))).toEqual(rainAccumulations(periods, at(200)));
  });
});

describe('rain > in the district model', () => {
  const model = () => new DistrictRiskModel({}, registry({ stations: [station('AWS-1')], gauges: [] }));

  it('counts the same station and time once, whatever arrives first', () => {
    const m = model();
    expect(m.onWeather(obs('AWS-1', 10, { rain_mm: 10 }))).toBe('accepted');
    expect(m.onWeather(obs('AWS-1', 5, { rain_mm: 10 }))).toBe('accepted');
    expect(m.onWeather(obs('AWS-1', 10, { rain_mm: 10 }))).toBe('duplicate');
    expect(m.assess(at(10)).rain.accumulations.h1).toBeCloseTo(20);
  });

  it('reads a missing rain field as unknown: no rain added, the station not reporting rain', () => {
    const m = model();
    m.onWeather(obs('AWS-1', 5, { rain_mm: 4 }));
    m.onWeather(obs('AWS-1', 40, { wind_speed_ms: 3 }));
    const a = m.assess(at(40));
    expect(a.rain.accumulations.h1).toBeCloseTo(4);
    expect(a.rain.reporting).toBe(0);
    expect(a.wind.reporting).toBe(1);
  });

  it('reaches the rainstorm levels as the rain piles up, out of order', () => {
    const m = model();
    // 8 mm per 5 minutes = 96 mm/h, sent in reverse.
    for (let k = 36; k >= 1; k--) m.onWeather(obs('AWS-1', 5 * k, { rain_mm: 8 }));
    expect(m.assess(at(25)).rain.level).toBe(0); // 40 mm
    expect(m.assess(at(35)).rain.level).toBe(3); // 56 mm in 35 min: ≥ 50 mm in 3 h
    expect(m.assess(at(65)).rain.level).toBe(4); // 104 mm in 3 h
  });

  it('says an unknown station is unknown_id and an event older than the state needs is late', () => {
    const m = model();
    expect(m.onWeather(obs('AWS-X', 5, { rain_mm: 1 }))).toBe('unknown_id');
    m.onWeather(obs('AWS-1', 30 * 60, { rain_mm: 1 }));
    m.advance(at(30 * 60));
    expect(m.onWeather(obs('AWS-1', 5, { rain_mm: 1 }))).toBe('late');
    expect(m.onWeather(obs('AWS-1', 10 * 60, { rain_mm: 1 }))).toBe('accepted');
  });
});
