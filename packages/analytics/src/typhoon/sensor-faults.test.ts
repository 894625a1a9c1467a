import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { DistrictRiskModel } from './district-model.ts';
import { at, gauge, level, obs, registry } from './test-fixtures.ts';

const open = (alerts: Alert[], type: Alert['type']) =>
  alerts.filter((a) => a.type === type && a.status === 'open');

/** A tide-like gauge: 3.0 m rising 1 cm a reading, every 5 min, for `n` readings from minute 0. */
function feed(m: DistrictRiskModel, id: string, n: number, glitches: Record<number, number> = {}) {
  for (let i = 0; i < n; i++) m.onWaterLevel(level(id, 5 * i, glitches[i] ?? 3 + 0.01 * i));
}

describe('sensor faults > gauges', () => {
  it('refutes a 99.9 m reading at once: stored flagged, never a water_level alert', () => {
    const m = new DistrictRiskModel({}, registry({ stations: [] }));
    feed(m, 'WL-1', 30, { 10: 99.9 });
    const out = m.advanceWater(at(200));
    expect(open(out.alerts, 'water_level')).toEqual([]);
    expect(out.flagged).toEqual([
      { kind: 'water_level', gauge_id: 'WL-1', t: at(50), level_m: 99.9, reason: 'out_of_range' },
    ]);
    expect(m.assess(at(50)).water.levelM).toBe(3.09);
  });

  it('holds a jump no water makes, then refutes it when the next reading is back', () => {
    const m = new DistrictRiskModel({}, registry({ stations: [] }));
    feed(m, 'WL-1', 30, { 12: 4.9 }); // 1.8 m above its neighbours, past the warning level (4.0)
    const out = m.advanceWater(at(200));
    expect(open(out.alerts, 'water_level')).toEqual([]);
    expect(out.flagged.map((f) => f.kind === 'water_level' && f.reason)).toEqual(['jump']);
    expect(open(out.alerts, 'gauge_fault').map((a) => a.evidence.fault)).toEqual(['implausible']);
  });

  it('confirms a fast rise the next readings continue, and alerts on it', () => {
    const g = gauge('UP-1', 'underpass', 0.15, 0.3);
    const m = new DistrictRiskModel({}, registry({ stations: [], gauges: [g] }));
    const depths = [0, 0, 0, 0.35, 0.6, 0.8, 0.8, 0.7];
    for (const [i, d] of depths.entries()) m.onWaterLevel(level('UP-1', 5 * i, d));
    const out = m.advanceWater(at(60));
    expect(out.flagged).toEqual([]);
    expect(open(out.alerts, 'water_level').map((a) => [a.evidence.threshold, a.since])).toEqual([
      ['warning', '2026-09-14T00:15:00+08:00'],
      ['guarantee', '2026-09-14T00:15:00+08:00'],
    ]);
  });

  it('refutes a glitch that arrives out of order between two agreeing readings', () => {
    const m = new DistrictRiskModel({}, registry({ stations: [] }));
    for (const i of [0, 1, 2, 4, 5]) m.onWaterLevel(level('WL-1', 5 * i, 3 + 0.01 * i));
    expect(m.onWaterLevel(level('WL-1', 15, 5.5))).toBe('refuted');
    expect(open(m.advanceWater(at(60)).alerts, 'water_level')).toEqual([]);
  });

  it('reports a gauge stuck on one value while its neighbour moves, and one gone silent', () => {
    const m = new DistrictRiskModel(
      {},
      registry({ stations: [], gauges: [gauge('WL-1'), gauge('WL-2'), gauge('WL-3')] }),
    );
    for (let i = 0; i < 72; i++) {
      m.onWaterLevel(level('WL-1', 5 * i, 3 + 0.3 * Math.sin(i / 10)));
      m.onWaterLevel(level('WL-2', 5 * i, i < 12 ? 3 + 0.01 * i : 3.11));
      if (i < 24) m.onWaterLevel(level('WL-3', 5 * i, 3 + 0.01 * i));
    }
    const faults = open(m.advanceWater(at(355)).alerts, 'gauge_fault');
    expect(faults.map((a) => [a.subject, a.evidence.fault, a.since])).toEqual([
      ['WL-3', 'silent', '2026-09-14T01:55:00+08:00'],
      ['WL-2', 'stuck', '2026-09-14T00:55:00+08:00'],
    ]);
    expect(faults.every((a) => a.severity === 'info')).toBe(true);
  });

  it('does not take a dry underpass for a stuck gauge', () => {
    const m = new DistrictRiskModel(
      {},
      registry({ stations: [], gauges: [gauge('WL-1'), gauge('UP-1', 'underpass', 0.15, 0.3)] }),
    );
    for (let i = 0; i < 72; i++) {
      m.onWaterLevel(level('WL-1', 5 * i, 3 + 0.3 * Math.sin(i / 10)));
      m.onWaterLevel(level('UP-1', 5 * i, 0));
    }
    expect(open(m.advanceWater(at(355)).alerts, 'gauge_fault')).toEqual([]);
  });
});

describe('sensor faults > stations', () => {
  it('reads a 99 m/s gust as missing: flagged, no wind hazard from it', () => {
    const m = new DistrictRiskModel({}, registry({ gauges: [] }));
    for (let i = 1; i <= 6; i++) {
      m.onWeather(obs('AWS-1', 5 * i, { wind_speed_ms: 5, wind_gust_ms: i === 3 ? 99 : 8 }));
    }
    expect(m.assess(at(30)).wind.level).toBe(0);
    const out = m.advanceWeather(at(30));
    expect(out.flagged.map((f) => f.kind === 'weather' && [f.station_id, f.fields])).toEqual([
      ['AWS-1', ['wind_gust_ms']],
    ]);
    expect(open(out.alerts, 'gauge_fault').map((a) => [a.subject, a.evidence.fault])).toEqual([
      ['AWS-1', 'implausible'],
    ]);
  });
});

describe('no feed waits for another', () => {
  it('alerts on the gauges and scores the district with no weather at all, marked degraded', () => {
    const m = new DistrictRiskModel({}, registry());
    for (let i = 0; i < 40; i++) m.onWaterLevel(level('WL-1', 5 * i, 3.5 + 0.03 * i));
    const water = m.advanceWater(at(180));
    expect(open(water.alerts, 'water_level').map((a) => a.since)).toEqual(['2026-09-14T01:25:00+08:00']);
    const { scores } = m.advance(at(180));
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.at(-1)?.components).toMatchObject({ weather_missing: 1, water_missing: 0, degraded: 1 });
  });

  it('is not degraded while every feed reports', () => {
    const m = new DistrictRiskModel({}, registry());
    for (let i = 1; i <= 12; i++) {
      m.onWaterLevel(level('WL-1', 5 * i, 3));
      m.onWeather(obs('AWS-1', 5 * i, { wind_speed_ms: 5, rain_mm: 1 }));
    }
    const { scores } = m.advance(at(60));
    expect(scores.at(-1)?.components).toMatchObject({ weather_missing: 0, water_missing: 0, degraded: 0 });
  });
});
