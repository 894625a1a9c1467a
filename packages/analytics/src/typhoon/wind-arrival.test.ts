import type { TyphoonAdvisory } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { assessForecast, forecastHazard } from './forecast.ts';
import { circleArrival, earlier, leadHours, windArrivals } from './wind-arrival.ts';
import { bearingDeg, centreAt, greatCircleKm, insideCircle, quadrantRadius } from './wind-circle.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-09-13T14:00:00+08:00');
/** One degree of latitude on the mean sphere: 6371.0088 km × π / 180. */
const KM_PER_DEG = 111.19508;
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** A storm moving due north along 122°E, 29°N at T0 to 31°N at T0 + 12 h (1° per 6 h). */
function advisory(radii: TyphoonAdvisory['radii_km'], ts = T0): TyphoonAdvisory {
  return {
    storm_id: 'TY2613',
    ts: iso(ts),
    lat: 29,
    lon: 122,
    forecast: [
      { ts: iso(T0 + 12 * H), lat: 31, lon: 122 },
      { ts: iso(T0 + 24 * H), lat: 33, lon: 122 },
    ],
    ...(radii !== undefined ? { radii_km: radii } : {}),
  };
}

describe('great-circle geometry', () => {
  it('measures a degree of latitude and a shorter degree of longitude at 31°N', () => {
    expect(greatCircleKm({ lat: 30, lon: 122 }, { lat: 31, lon: 122 })).toBeCloseTo(KM_PER_DEG, 2);
    // cos(31°) = 0.85717: a degree of longitude is 95.3 km here, not the 111 km of flat degrees.
    expect(greatCircleKm({ lat: 31, lon: 121 }, { lat: 31, lon: 122 })).toBeCloseTo(95.31, 1);
  });

  it('takes the bearing clockwise from north into its quadrant', () => {
    expect(bearingDeg({ lat: 30, lon: 122 }, { lat: 31, lon: 122 })).toBeCloseTo(0, 6);
    expect(bearingDeg({ lat: 30, lon: 122 }, { lat: 30, lon: 123 })).toBeCloseTo(89.75, 1);
    expect(bearingDeg({ lat: 30, lon: 122 }, { lat: 29, lon: 121 })).toBeGreaterThan(180);
    const q = { ne: 1, se: 2, sw: 3, nw: 4 };
    expect([0, 89.9, 90, 180, 269, 270, 359].map((b) => quadrantRadius(q, b))).toEqual([1, 1, 2, 3, 3, 4, 4]);
  });

  it('puts a place inside by the radius of its own quadrant', () => {
    const centre = { lat: 30, lon: 122 };
    const q = { ne: 100, se: 50, sw: 50, nw: 50 };
    // 0.5° north and 0.5° east: 55.6 km north, 48.2 km east: 73.5 km to the north-east.
    const ne = { lat: 30.5, lon: 122.5 };
    const sw = { lat: 29.5, lon: 121.5 };
    expect(greatCircleKm(centre, ne)).toBeCloseTo(73.5, 0);
    expect(insideCircle(centre, q, ne)).toBe(true);
    expect(insideCircle(centre, q, sw)).toBe(false);
  });

  it('interpolates the centre between track points and nowhere outside them', () => {
    const track = [
      { t: 0, lat: 29, lon: 122 },
      { t: 12 * H, lat: 31, lon: 124 },
    ];
    expect(centreAt(track, 3 * H)).toEqual({ lat: 29.5, lon: 122.5 });
    expect(centreAt(track, -1)).toBeUndefined();
    expect(centreAt(track, 12 * H + 1)).toBeUndefined();
  });
});

describe('wind circle arrival', () => {
  const place = { lat: 31, lon: 122.001 };

  it('finds the hand-computed arrival of each circle, by the quadrant facing the place', () => {
    // The place is north of the centre (ne quadrant). 7级 ne 100 km: the centre must reach
    // 31 − 100 / 111.195 = 30.1007°N, at (30.1007 − 29) × 6 h = 6.604 h. 10级 ne 30 km:
    // 31 − 30 / 111.195 = 30.7302°N, at 10.381 h. The other quadrants' 300 km would arrive at 3.3 h.
    const a = advisory({
      r7: { ne: 100, se: 300, sw: 300, nw: 300 },
      r10: { ne: 30, se: 300, sw: 300, nw: 300 },
    });
    const w = windArrivals(a, [place], T0);
    expect(w.r7.kind).toBe('arrives');
    expect(leadHours(w.r7, T0)).toBeCloseTo(6.604, 1);
    expect(Math.abs((leadHours(w.r7, T0) ?? 0) - 6.604)).toBeLessThan(1 / 60 + 0.001);
    expect(Math.abs((leadHours(w.r10, T0) ?? 0) - 10.381)).toBeLessThan(1 / 60 + 0.001);
  });

  it('says inside now, none within the forecast, and unknown without a radius', () => {
    const a = advisory({ r7: { ne: 100, se: 100, sw: 100, nw: 100 } });
    expect(windArrivals(a, [place], T0 + 11 * H).r7).toEqual({ kind: 'inside' });
    expect(windArrivals(a, [place], T0 + 11 * H).r10).toEqual({ kind: 'unknown' });
    expect(windArrivals(a, [{ lat: 40, lon: 122 }], T0).r7).toEqual({ kind: 'none' });
    // After the last forecast point there is no forecast.
    expect(windArrivals(a, [place], T0 + 25 * H).r7).toEqual({ kind: 'none' });
  });

  it('takes the first of a district’s places the circle reaches', () => {
    const a = advisory({ r7: { ne: 100, se: 100, sw: 100, nw: 100 } });
    const near = { lat: 30.5, lon: 122 };
    const r7 = windArrivals(a, [place, near], T0).r7;
    // 30.5 − 0.8993 = 29.6007°N: 3.604 h.
    expect(Math.abs((leadHours(r7, T0) ?? 0) - 3.604)).toBeLessThan(0.02);
    expect(circleArrival([], { ne: 1, se: 1, sw: 1, nw: 1 }, [place], T0)).toEqual({ kind: 'none' });
  });

  it('orders arrivals: inside, then times, then none; unknown yields', () => {
    expect(earlier({ kind: 'none' }, { kind: 'arrives', at: 5 })).toEqual({ kind: 'arrives', at: 5 });
    expect(earlier({ kind: 'arrives', at: 5 }, { kind: 'inside' })).toEqual({ kind: 'inside' });
    expect(earlier({ kind: 'unknown' }, { kind: 'none' })).toEqual({ kind: 'none' });
  });
});

describe('forecast hazard', () => {
  const s = { r7LeadH: 24, r10LeadH: 12, advisoryMaxAgeMs: 12 * H };

  it('rises as arrival nears and never leaves yellow', () => {
    const at = 0;
    const h = (r7: number | 'inside' | 'none', r10: number | 'inside' | 'none') =>
      forecastHazard(
        {
          r7: r7 === 'inside' || r7 === 'none' ? { kind: r7 } : { kind: 'arrives', at: r7 * H },
          r10: r10 === 'inside' || r10 === 'none' ? { kind: r10 } : { kind: 'arrives', at: r10 * H },
        },
        at,
        s,
      );
    expect(h('none', 'none')).toBe(0);
    expect(h(30, 'none')).toBe(0);
    expect(h(24, 'none')).toBeCloseTo(0.2, 6); // blue on the edge of 24 h
    expect(h(12, 'none')).toBeCloseTo(0.3, 6);
    expect(h('inside', 'none')).toBeLessThan(0.4);
    expect(h('inside', 12)).toBeCloseTo(0.4, 6); // yellow on the edge of 12 h
    expect(h('inside', 6)).toBeCloseTo(0.5, 6);
    expect(h('inside', 'inside')).toBeLessThan(0.6);
    // Monotone: any earlier arrival never lowers it.
    let prev = 0;
    for (const lead of [30, 24, 18, 12, 6, 1, 0]) {
      const v = h(lead, lead);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });

  it('reads only fresh advisories at or before the evaluation time, and says when there is none', () => {
    const a = advisory({ r7: { ne: 100, se: 100, sw: 100, nw: 100 } });
    const place = { lat: 31, lon: 122 };
    expect(assessForecast([a], [place], T0 - 1, s).advised).toBe(false);
    expect(assessForecast([a], [place], T0 + 13 * H, s).advised).toBe(false);
    const p = assessForecast([a], [place], T0, s);
    expect(p).toMatchObject({ advised: true, stormId: 'TY2613' });
    expect(p.hazard).toBeGreaterThan(0.2);
    expect(assessForecast([], [place], T0, s)).toMatchObject({ advised: false, hazard: 0 });
  });
});
