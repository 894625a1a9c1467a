import type { WaterLevel, WeatherObservation } from '@onegrid/contracts';
import { alertSchema, riskScoreSchema, toEpochMs } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { type DistrictOutput, DistrictRiskModel } from './district-model.ts';
import { at, gauge, level, obs, registry } from './test-fixtures.ts';
import { MINUTE } from './time.ts';

/** Mean wind per 5 minutes on both stations: calm, blue (force 6-7), yellow (force 8-9), calm. */
function windStory(): WeatherObservation[] {
  const out: WeatherObservation[] = [];
  for (let k = 1; k <= 96; k++) {
    const m = 5 * k;
    const mean = m <= 60 ? 4 : m <= 120 ? 12 : m <= 240 ? 19 : 3;
    for (const id of ['AWS-1', 'AWS-2'])
      out.push(obs(id, m, { wind_speed_ms: mean, wind_gust_ms: mean * 1.3 }));
  }
  return out;
}

function run(events: WeatherObservation[], levels: WaterLevel[], watermarks: number[], config = {}) {
  const m = new DistrictRiskModel(config, registry({ gauges: [gauge('WL-1')] }));
  const all: DistrictOutput = { scores: [], alerts: [], gauges: [] };
  const byTime = [
    ...events.map((e) => ({ t: toEpochMs(e.ts), e })),
    ...levels.map((l) => ({ t: toEpochMs(l.ts), l })),
  ];
  byTime.sort((a, b) => a.t - b.t);
  let i = 0;
  for (const w of watermarks) {
    for (; i < byTime.length && (byTime[i]?.t ?? 0) <= w; i++) {
      const x = byTime[i];
      if (x && 'e' in x) m.onWeather(x.e);
      if (x && 'l' in x) m.onWaterLevel(x.l);
    }
    const out = m.advance(w);
    all.scores.push(...out.scores);
    all.alerts.push(...out.alerts);
    all.gauges.push(...out.gauges);
  }
  return { model: m, out: all };
}

const every = (stepMin: number, toMin: number) =>
  Array.from({ length: toMin / stepMin }, (_, i) => at((i + 1) * stepMin));

describe('district model > typhoon_risk alerts', () => {
  it('opens one alert per level reached, none repeated, and resolves each after the level stayed below an hour', () => {
    const { out } = run(windStory(), [], every(5, 480));
    const typhoon = out.alerts.filter((a) => a.type === 'typhoon_risk');
    const opened = typhoon.filter((a) => a.status === 'open');
    expect(opened.map((a) => a.evidence.level)).toEqual(['blue', 'yellow']);
    expect(opened.map((a) => a.severity)).toEqual(['warning', 'warning']);
    const resolved = typhoon.filter((a) => a.status === 'resolved');
    expect(resolved.map((a) => a.alert_id).sort()).toEqual(opened.map((a) => a.alert_id).sort());
    for (const r of resolved) {
      expect(toEpochMs(r.detected_at) - toEpochMs(String(r.evidence.ended_at))).toBeGreaterThanOrEqual(
        60 * MINUTE,
      );
    }
    for (const a of typhoon) expect(alertSchema.safeParse(a).success).toBe(true);
  });

  it('gives the same scores and alert ids however often it is advanced', () => {
    const fine = run(windStory(), [], every(1, 480)).out;
    const coarse = run(windStory(), [], every(47, 470).concat([at(480)])).out;
    expect(coarse.alerts).toEqual(fine.alerts);
    expect(coarse.scores).toEqual(fine.scores);
  });

  it('emits a score on a change, not every step, and at least every hour', () => {
    const { out } = run(windStory(), [], every(5, 480));
    expect(out.scores.length).toBeLessThan(96 / 2);
    const times = out.scores.map((s) => toEpochMs(s.ts));
    for (let i = 1; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeLessThanOrEqual(60 * MINUTE);
    }
    for (const s of out.scores) expect(riskScoreSchema.safeParse(s).success).toBe(true);
  });
});

describe('district model > stale data', () => {
  it('ages out a station that went silent, and says so in the coverage', () => {
    const events = windStory().filter((e) => toEpochMs(e.ts) <= at(180));
    const { model, out } = run(events, [], every(5, 300));
    const late = out.scores.at(-1);
    expect(model.assess(at(170)).wind.level).toBe(2);
    expect(model.assess(at(300)).wind).toMatchObject({ level: 0, reporting: 0, of: 2 });
    expect(late?.components.wind_coverage).toBe(0);
  });

  it('reads an observation without wind as unknown, not calm', () => {
    const m = new DistrictRiskModel({}, registry());
    m.onWeather(obs('AWS-1', 5, { wind_speed_ms: 20, wind_gust_ms: 26 }));
    m.onWeather(obs('AWS-2', 5, { rain_mm: 0 }));
    const a = m.assess(at(5));
    expect(a.wind).toMatchObject({ level: 2, reporting: 1, stationId: 'AWS-1' });
  });
});

describe('district model > water_level alerts', () => {
  // Rises through the warning (4.0) and guaranteed (5.0) levels, wavers around the warning level
  // on the way down, then falls away.
  const path = (m: number): number => {
    if (m <= 120) return 3.2 + (m / 120) * 2.0; // to 5.2
    if (m <= 200) return 5.2 - ((m - 120) / 80) * 1.2; // to 4.0
    if (m <= 260) return 4.0 + (m % 10 === 0 ? 0.03 : -0.06); // noise across the warning level
    return Math.max(3.0, 4.0 - ((m - 260) / 60) * 0.8);
  };
  const levels = Array.from({ length: 96 }, (_, i) =>
    level('WL-1', 5 * (i + 1), Math.round(path(5 * (i + 1)) * 100) / 100),
  );

  it('opens at the first reading at or above a threshold and resolves once, without flapping', () => {
    const { out } = run([], levels, every(5, 480));
    const water = out.alerts.filter((a) => a.type === 'water_level');
    const warning = water.filter((a) => a.evidence.threshold === 'warning');
    const guarantee = water.filter((a) => a.evidence.threshold === 'guarantee');
    expect(warning.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(guarantee.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(guarantee[0]?.severity).toBe('critical');
    expect(warning[0]?.severity).toBe('warning');
    const firstAbove = levels.find((l) => l.level_m >= 4.0);
    expect(warning[0]?.since).toBe(firstAbove?.ts);
    expect(warning[0]?.alert_id).toBe(`water_level:WL-1:warning:${firstAbove?.ts}`);
    expect(toEpochMs(String(warning[1]?.evidence.ended_at))).toBeGreaterThan(at(260));
  });

  it('shows the gauge with its trend, forecast crossings and status', () => {
    const { out } = run([], levels.slice(0, 12), every(5, 60));
    const last = out.gauges.at(-1);
    // 4.2 m at 60 min: above the warning level since 4.0 m at 48 min.
    expect(last).toMatchObject({
      gauge_id: 'WL-1',
      status: 'warning',
      warning_level_m: 4,
      guarantee_level_m: 5,
    });
    expect(last?.rise_m_per_h).toBeCloseTo(1.0, 1);
    // 4.2 m at 60 min rising 1 m/h: the guaranteed level in about 48 min.
    expect(toEpochMs(String(last?.forecast_guarantee_at))).toBeGreaterThan(at(100));
    expect(toEpochMs(String(last?.forecast_guarantee_at))).toBeLessThan(at(115));
    expect(last?.forecast_warning_at).toBeNull();
    expect(last?.recent.length).toBeGreaterThan(3);
  });
});

describe('district model > replay', () => {
  const events = windStory();
  const levels = Array.from({ length: 96 }, (_, i) => level('WL-1', 5 * (i + 1), 3.2 + i * 0.015));

  it('rebuilds the same later results from the input it says it needs', () => {
    const cut = at(200);
    const first = run(events, levels, every(5, 480));
    const before = run(events, levels, every(5, 200));
    const needed = before.model.oldestNeededTime() ?? 0;
    const replayed = run(
      events.filter((e) => toEpochMs(e.ts) >= needed),
      levels.filter((l) => toEpochMs(l.ts) >= needed),
      every(5, 480),
      { emitAfter: cut },
    ).out;
    const after = <T extends { ts?: string; detected_at?: string }>(xs: T[]) =>
      xs.filter((x) => toEpochMs(x.ts ?? x.detected_at ?? '') > cut);
    expect(replayed.alerts).toEqual(after(first.out.alerts));
    expect(replayed.scores).toEqual(after(first.out.scores));
    expect(replayed.alerts.length + replayed.scores.length).toBeGreaterThan(0);
  });

  it('keeps no more than it needs', () => {
    const { model } = run(events, levels, every(5, 480));
    const needed = model.oldestNeededTime() ?? 0;
    expect(at(480) - needed).toBeGreaterThanOrEqual(24 * 60 * MINUTE);
    expect(model.size()).toBeLessThanOrEqual(events.length + levels.length);
  });
});
