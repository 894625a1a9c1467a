import { describe, expect, it } from 'vitest';
import { seasonOf } from './model/season.ts';
import { makeFixture, type Reading, usages } from './test-fixture.ts';
import { cstWeekday, DAY, HOUR } from './time.ts';
import type { PopulationTruth } from './truth.ts';

// One week (Monday 2 November 2026 to Sunday 8 November), no planted conditions: the ordinary life.
const fx = makeFixture({
  seed: 5,
  households: 500,
  days: 7,
  plant: {
    incident: 0,
    travel: 0,
    waterRunning: 0,
    meterSilent: 0,
    lateBatch: 0,
    replacement: 0,
    clockSkew: 0,
  },
});
const pops = fx.truth.filter((e): e is PopulationTruth => e.type === 'population');
const localHour = (t: number): number => ((((t + 8 * HOUR) % DAY) + DAY) % DAY) / HOUR;
const weekend = (t: number): boolean => [0, 6].includes(cstWeekday(t - 1));

/** Water quarters (stamp, litres) of every household of each population, computed once. */
const waterBy = new Map<string, { t: number; litres: number; hh: string }[]>();
for (const p of pops) {
  const list = waterBy.get(p.population) ?? [];
  for (const u of usages(fx.byMeter.get(p.water_meter) ?? []))
    list.push({ t: u.t, litres: u.use * 1000, hh: p.household_id });
  waterBy.set(p.population, list);
}
const water = (population: string) => waterBy.get(population) ?? [];
const share = <T>(xs: T[], pick: (x: T) => boolean, weight: (x: T) => number = () => 1): number => {
  let all = 0;
  let part = 0;
  for (const x of xs) {
    all += weight(x);
    if (pick(x)) part += weight(x);
  }
  return all === 0 ? Number.NaN : part / all;
};
const night = (t: number) => localHour(t - 1) < 5;

describe('populations > signatures', () => {
  it('labels every household with one population, all of them present', () => {
    expect(pops).toHaveLength(500);
    expect(new Set(pops.map((p) => p.population)).size).toBe(11);
  });

  it('shows shift workers and night owls using water at night, families hardly', () => {
    const family = share(
      water('family'),
      (q) => night(q.t),
      (q) => q.litres,
    );
    expect(family).toBeLessThan(0.06);
    expect(
      share(
        water('shift_worker'),
        (q) => night(q.t),
        (q) => q.litres,
      ),
    ).toBeGreaterThan(3 * family);
    expect(
      share(
        water('night_owl'),
        (q) => night(q.t),
        (q) => q.litres,
      ),
    ).toBeGreaterThan(4 * family);
  });

  it('keeps water in use most of the day in large households', () => {
    const day = (q: { t: number }) => localHour(q.t - 1) >= 7 && localHour(q.t - 1) < 22;
    const wetHours = (population: string) => {
      const wet = new Set<string>();
      const all = new Set<string>();
      for (const q of water(population).filter(day)) {
        const key = `${q.hh}@${Math.floor((q.t - 1) / HOUR)}`;
        all.add(key);
        if (q.litres > 0) wet.add(key);
      }
      return wet.size / all.size;
    };
    expect(wetHours('large_household')).toBeGreaterThan(0.6);
    expect(wetHours('large_household')).toBeGreaterThan(wetHours('couple') + 0.2);
  });

  it('keeps very low users near the meter resolution', () => {
    const perDay = (population: string) => {
      const byHh = new Map<string, number>();
      for (const q of water(population)) byHh.set(q.hh, (byHh.get(q.hh) ?? 0) + q.litres / 7);
      return [...byHh.values()].sort((a, b) => a - b)[Math.floor(byHh.size / 2)] as number;
    };
    expect(perDay('very_low_user')).toBeLessThan(60);
    expect(perDay('very_low_user')).toBeLessThan(perDay('elderly_alone') / 3);
  });

  it('steps 10 L registers in hundredths of a m3, 1 L registers in thousandths', () => {
    const steps = (l: number) =>
      pops.filter((p) => p.water_step_l === l).flatMap((p) => fx.byMeter.get(p.water_meter) ?? []);
    const offGrid = (r: Reading, per: number) =>
      Math.abs(r.reading * per - Math.round(r.reading * per)) > 1e-6;
    const ten = steps(10);
    expect(ten.length).toBeGreaterThan(1000);
    expect(ten.filter((r) => offGrid(r, 100))).toEqual([]);
    expect(steps(1).filter((r) => offGrid(r, 100)).length).toBeGreaterThan(1000);
    expect(steps(1).filter((r) => offGrid(r, 1000))).toEqual([]);
  });

  it('moves working households’ water into the middle of the day at weekends', () => {
    const midday = (q: { t: number }) => localHour(q.t - 1) >= 10 && localHour(q.t - 1) < 16;
    const w = water('couple');
    const weekdayShare = share(
      w.filter((q) => !weekend(q.t)),
      midday,
      (q) => q.litres,
    );
    const weekendShare = share(
      w.filter((q) => weekend(q.t)),
      midday,
      (q) => q.litres,
    );
    expect(weekendShare).toBeGreaterThan(weekdayShare * 1.5);
  });

  it('keeps long days out dry through the working day', () => {
    const working = (q: { t: number }) => !weekend(q.t) && localHour(q.t - 1) >= 9 && localHour(q.t - 1) < 20;
    expect(share(water('long_days_out').filter(working), (q) => q.litres > 0)).toBeLessThan(0.05);
    expect(share(water('elderly_alone').filter(working), (q) => q.litres > 0)).toBeGreaterThan(0.15);
  });

  it('gives the late-mornings population more late first uses on weekdays', () => {
    const lateStarts = (population: string) => {
      const first = new Map<string, number>();
      for (const q of water(population)) {
        if (q.litres <= 0 || weekend(q.t) || localHour(q.t - 1) < 4) continue;
        const key = `${q.hh}@${Math.floor((q.t + 8 * HOUR - 1) / DAY)}`;
        const h = localHour(q.t - 1);
        if (!first.has(key) || h < (first.get(key) as number)) first.set(key, h);
      }
      return share([...first.values()], (h) => h >= 9.5);
    };
    expect(lateStarts('late_mornings')).toBeGreaterThan(0.08);
    expect(lateStarts('late_mornings')).toBeGreaterThan(2 * lateStarts('couple'));
  });
});

describe('populations > seasons', () => {
  it('shows the season in the electricity: cooling in July, little in mild October, heating in January', () => {
    const kwhPerDay = (start: string) => {
      const quiet = {
        incident: 0,
        travel: 0,
        waterRunning: 0,
        meterSilent: 0,
        lateBatch: 0,
        replacement: 0,
        clockSkew: 0,
      };
      const f = makeFixture({ seed: 8, households: 80, days: 3, start, plant: quiet });
      let kwh = 0;
      for (const hh of f.generation.households)
        for (const u of usages(f.byMeter.get(hh.powerMeter) ?? [])) kwh += u.use;
      return kwh / 80 / 3;
    };
    const october = kwhPerDay('2026-10-12T00:00:00+08:00');
    expect(kwhPerDay('2026-07-20T00:00:00+08:00')).toBeGreaterThan(october * 1.3);
    expect(kwhPerDay('2027-01-18T00:00:00+08:00')).toBeGreaterThan(october * 1.3);
  }, 60_000); // three small generations: slow on a loaded machine, not a speed assertion

  it('drifts slowly: colder, darker and more heating from November into January', () => {
    const nov = seasonOf(Date.parse('2026-11-02T00:00:00+08:00'));
    const late = seasonOf(Date.parse('2026-11-23T00:00:00+08:00'));
    const jan = seasonOf(Date.parse('2027-01-20T00:00:00+08:00'));
    const jul = seasonOf(Date.parse('2026-07-25T00:00:00+08:00'));
    expect(late.tempC).toBeLessThan(nov.tempC);
    expect(nov.tempC - late.tempC).toBeLessThan(5);
    expect(late.hvacNeed).toBeGreaterThan(nov.hvacNeed);
    expect(jan.sunrise).toBeGreaterThan(jul.sunrise + 60);
    expect(jan.tempC).toBeLessThan(8);
    expect(jul.tempC).toBeGreaterThan(26);
    expect(jul.hvacNeed).toBeGreaterThan(0.2);
  });
});
