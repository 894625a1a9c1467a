// Property-style tests: more hazard never lowers a hazard, the score or the level.
import { describe, expect, it } from 'vitest';
import { combine } from './combine.ts';
import { DistrictRiskModel } from './district-model.ts';
import { exposure } from './exposure.ts';
import { gaugeHazard } from './gauge.ts';
import { levelIndex } from './levels.ts';
import { rainHazard } from './rain.ts';
import { at, gauge, level, obs, registry, rng } from './test-fixtures.ts';
import { HOUR } from './time.ts';
import { windHazard } from './wind.ts';

const TRIALS = 2000;

describe('monotonicity > component hazards', () => {
  const random = rng(1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

  it('wind: a stronger mean or gust never lowers the hazard or the level', () => {
    for (let i = 0; i < TRIALS; i++) {
      const w = { meanMs: random() * 50, gustMs: random() * 65 };
      const key = pick(['meanMs', 'gustMs'] as const);
      const more = { ...w, [key]: w[key] + random() * 10 };
      const [a, b] = [windHazard(w), windHazard(more)];
      expect(b.hazard).toBeGreaterThanOrEqual(a.hazard);
      expect(b.level).toBeGreaterThanOrEqual(a.level);
    }
  });

  it('rain: more rain in any window never lowers the hazard or the level', () => {
    for (let i = 0; i < TRIALS; i++) {
      const h3 = random() * 150;
      const h6 = h3 + random() * 60;
      const acc = { h1: h3 * random(), h3, h6, h12: h6 + random() * 60, h24: 0 };
      const key = pick(['h3', 'h6', 'h12'] as const);
      const more = { ...acc, [key]: acc[key] + random() * 40 };
      expect(rainHazard(more).hazard).toBeGreaterThanOrEqual(rainHazard(acc).hazard);
      expect(rainHazard(more).level).toBeGreaterThanOrEqual(rainHazard(acc).level);
    }
  });

  it('water: a higher level or a faster rise never lowers the hazard', () => {
    for (let i = 0; i < TRIALS; i++) {
      const g = { warning_level_m: 4, guarantee_level_m: 5, kind: pick(['river', 'underpass'] as const) };
      const levelM = 2 + random() * 5;
      const rise = random() * 2 - 1;
      const base = gaugeHazard(levelM, rise, g, HOUR).hazard;
      expect(gaugeHazard(levelM + random(), rise, g, HOUR).hazard).toBeGreaterThanOrEqual(base);
      expect(gaugeHazard(levelM, rise + random(), g, HOUR).hazard).toBeGreaterThanOrEqual(base);
    }
  });

  it('exposure: more people or vulnerable households, or fewer free places, never lower it', () => {
    for (let i = 0; i < TRIALS; i++) {
      const input = {
        population: random() * 6e6,
        households: 1000,
        vulnerableHouseholds: Math.floor(random() * 1000),
        shelterCapacity: 2000,
        shelterFree: Math.floor(random() * 2000),
      };
      const base = exposure(input).value;
      expect(exposure({ ...input, population: input.population * 1.5 }).value).toBeGreaterThanOrEqual(base);
      expect(
        exposure({ ...input, vulnerableHouseholds: input.vulnerableHouseholds + 50 }).value,
      ).toBeGreaterThanOrEqual(base);
      expect(
        exposure({ ...input, shelterFree: Math.max(0, input.shelterFree - 300) }).value,
      ).toBeGreaterThanOrEqual(base);
    }
  });
});

describe('monotonicity > combine', () => {
  const random = rng(2);

  it('never lowers the score or the level when a hazard or the exposure rises', () => {
    for (let i = 0; i < TRIALS; i++) {
      const h = { wind: random(), rain: random(), water: random() };
      const e = random();
      const base = combine(h, e);
      const key = (['wind', 'rain', 'water'] as const)[i % 3] as 'wind' | 'rain' | 'water';
      const more = [
        combine({ ...h, [key]: Math.min(1, h[key] + random() * 0.3) }, e),
        combine(h, Math.min(1, e + random())),
      ];
      for (const m of more) {
        expect(m.score).toBeGreaterThanOrEqual(base.score);
        expect(levelIndex(m.level)).toBeGreaterThanOrEqual(levelIndex(base.level));
      }
    }
  });
});

describe('monotonicity > whole district', () => {
  /** A random 3-hour storm on two stations and a gauge; returns the score at its end. */
  function scoreOf(events: ReturnType<typeof randomEvents>): number {
    const m = new DistrictRiskModel({}, registry({ gauges: [gauge('WL-1')] }));
    for (const e of events.weather) m.onWeather(e);
    for (const e of events.levels) m.onWaterLevel(e);
    return m.assess(at(180)).combined.score;
  }

  /**
   * Wind and rain as random walks a storm can make (steps inside the station checks' limits, see
   * station-quality.ts): a value no storm makes is held out as a glitch, which is meant to lower a
   * score it would have raised.
   */
  function randomEvents(random: () => number) {
    const weather = [];
    const walk = {
      'AWS-1': { mean: 5 + random() * 30, rain: random() * 6 },
      'AWS-2': { mean: 5 + random() * 30, rain: random() * 6 },
    };
    for (let k = 1; k <= 36; k++) {
      for (const id of ['AWS-1', 'AWS-2'] as const) {
        const w = walk[id];
        w.mean = Math.min(40, Math.max(1, w.mean + (random() - 0.5) * 6));
        w.rain = Math.min(12, Math.max(0, w.rain + (random() - 0.5) * 3));
        if (random() < 0.1) continue; // gaps
        weather.push(
          obs(id, 5 * k, {
            wind_speed_ms: random() < 0.1 ? undefined : w.mean,
            wind_gust_ms: random() < 0.1 ? undefined : w.mean * (1.3 + random() * 0.3),
            rain_mm: random() < 0.1 ? undefined : w.rain,
          }),
        );
      }
    }
    const levels = Array.from({ length: 36 }, (_, i) =>
      level('WL-1', 5 * (i + 1), 3 + random() * 0.8 + i * 0.02),
    );
    return { weather, levels };
  }

  // Raised by what a storm can add in five minutes (station-quality.ts): further, a value is held
  // out as a glitch (unknown), which is meant to lower a score a 99 m/s gust made.
  const RAISE = { wind_speed_ms: 5, wind_gust_ms: 8, rain_mm: 2.5 };

  it('raising any wind, gust or rain value, or the gauge levels, never lowers the score', () => {
    const random = rng(3);
    for (let trial = 0; trial < 150; trial++) {
      const events = randomEvents(random);
      const base = scoreOf(events);
      const i = Math.floor(random() * events.weather.length);
      const o = events.weather[i];
      if (o === undefined) continue;
      const field = (['wind_speed_ms', 'wind_gust_ms', 'rain_mm'] as const)[trial % 3] as 'rain_mm';
      const raised = { ...o, [field]: (o[field] ?? 0) + random() * RAISE[field] };
      const weather = events.weather.map((x, j) => (j === i ? raised : x));
      expect(scoreOf({ ...events, weather })).toBeGreaterThanOrEqual(base);
      const shift = random() * 1.5;
      const levels = events.levels.map((l) => ({ ...l, level_m: l.level_m + shift }));
      expect(scoreOf({ ...events, levels })).toBeGreaterThanOrEqual(base);
    }
  });
});
