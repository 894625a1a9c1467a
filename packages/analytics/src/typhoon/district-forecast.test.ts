import type { TyphoonAdvisory } from '@onegrid/contracts';
import { alertSchema, isoCstSeconds as isoCst, riskScoreSchema } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { DistrictRiskModel } from './district-model.ts';
import { at, obs, registry } from './test-fixtures.ts';
import { HOUR } from './time.ts';

/**
 * The fixture's stations stand at 31.2°N 121.5°E. The storm comes due north from 29.2°N at
 * 2° per 12 h: the 7级 circle (100 km) reaches them when the centre is 100 / 111.195 = 0.8993°
 * south, at 6.604 h; the 10级 circle (30 km) at 0.2698° south, 10.381 h.
 */
function advisory(ts = at(0)): TyphoonAdvisory {
  return {
    storm_id: 'TY2613',
    name_zh: '测试',
    ts: isoCst(ts),
    lat: 29.2,
    lon: 121.5,
    radii_km: { r7: { ne: 100, se: 100, sw: 100, nw: 100 }, r10: { ne: 30, se: 30, sw: 30, nw: 30 } },
    forecast: [
      { ts: isoCst(at(0) + 12 * HOUR), lat: 31.2, lon: 121.5 },
      { ts: isoCst(at(0) + 24 * HOUR), lat: 33.2, lon: 121.5 },
    ],
  };
}

function calm(model: DistrictRiskModel, untilMin: number): void {
  for (let m = 5; m <= untilMin; m += 5)
    for (const id of ['AWS-1', 'AWS-2']) model.onWeather(obs(id, m, { wind_speed_ms: 4, wind_gust_ms: 6 }));
}

describe('the forecast component of a district', () => {
  it('raises a calm district by the wind circles due, with their arrival in the evidence', () => {
    const model = new DistrictRiskModel({}, registry({ gauges: [] }));
    expect(model.onAdvisory(advisory())).toBe('accepted');
    expect(model.onAdvisory(advisory())).toBe('duplicate');
    calm(model, 60);
    const out = model.advance(at(60));
    const last = out.scores.at(-1);
    expect(riskScoreSchema.parse(last)).toBeDefined();
    // At 1 h: 10级 due in 9.38 h → 0.4 + 0.2 × (12 − 9.38) / 12 = 0.444: yellow on the forecast alone.
    expect(last?.level).toBe('yellow');
    expect(model.assess(at(60)).forecast.hazard).toBeCloseTo(0.444, 2);
    // The first score, at 5 min: due in 10.30 h → 0.428 (later ones move < 2 points: not sent).
    expect(out.scores[0]?.components.forecast).toBeCloseTo(0.428, 2);
    expect(last?.components).toMatchObject({ forecast_missing: 0, wind: 0 });
    const alert = out.alerts.find((a) => a.evidence.level === 'yellow');
    expect(alertSchema.parse(alert)).toBeDefined();
    const f = alert?.evidence.forecast as Record<string, unknown>;
    expect(f).toMatchObject({ advised: true, storm_id: 'TY2613', advisory_ts: isoCst(at(0)) });
    expect(alert?.evidence.drivers).toEqual(['forecast']);
    // The first yellow evaluation is the first grid point: 5 min, 10级 due at 10.38 h.
    const due = Date.parse(String(f.r10_arrival));
    expect(Math.abs(due - (at(0) + 10.381 * HOUR))).toBeLessThanOrEqual(2 * 60_000);
  });

  it('says inside once the circle is there', () => {
    const model = new DistrictRiskModel({}, registry({ gauges: [] }));
    model.onAdvisory(advisory());
    for (let m = 5; m <= 11 * 60; m += 5) model.onWeather(obs('AWS-1', m, { wind_speed_ms: 4 }));
    const scores = model.advance(at(11 * 60)).scores;
    const a = model.assess(at(11 * 60));
    expect(a.forecast.arrivals).toEqual({ r7: { kind: 'inside' }, r10: { kind: 'inside' } });
    // Just under orange: the forecast alone never makes orange (exposure may still lift it one level).
    expect(scores.at(-1)?.components.forecast).toBeCloseTo(0.6, 2);
    expect(a.forecast.hazard).toBeLessThan(0.6);
  });

  it('counts an advisory only for the evaluations after the time it is given to count from', () => {
    const model = new DistrictRiskModel({}, registry({ gauges: [] }));
    // Its `ts` is 0, but it came when the readings had reached 30 min (a stream says so).
    model.onAdvisory(advisory(), at(20));
    calm(model, 60);
    const scores = model.advance(at(60)).scores;
    const byTime = scores.map((s) => [Date.parse(s.ts), s.components.forecast_missing]);
    expect(byTime[0]).toEqual([at(5), 1]);
    expect(byTime.filter(([t]) => (t ?? 0) <= at(20)).every(([, missing]) => missing === 1)).toBe(true);
    expect(byTime.filter(([t]) => (t ?? 0) > at(20)).map(([, missing]) => missing)).toEqual([0]);
    // A second copy that says it came earlier counts from there: the same storm and time is one advisory.
    expect(model.onAdvisory(advisory(), at(0))).toBe('duplicate');
    expect(model.assess(at(10)).forecast.advised).toBe(true);
  });

  it('without advisories scores as before and says it has no forecast', () => {
    const model = new DistrictRiskModel({}, registry({ gauges: [] }));
    calm(model, 60);
    const last = model.advance(at(60)).scores.at(-1);
    expect(last?.level).toBe('none');
    expect(last?.components).toMatchObject({ forecast: 0, forecast_missing: 1, degraded: 0 });
  });

  it('forgets an advisory older than 12 h: the next one is overdue', () => {
    const model = new DistrictRiskModel({}, registry({ gauges: [] }));
    model.onAdvisory(advisory());
    calm(model, 13 * 60);
    const a = model.assess(at(13 * 60));
    expect(a.forecast.advised).toBe(false);
    expect(a.forecast.hazard).toBe(0);
  });
});
