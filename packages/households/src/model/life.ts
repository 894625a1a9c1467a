/**
 * One household's day: each occupant's cycle of asleep / at home / away (schedule.ts), the water
 * end uses they draw while awake at home (SIMDEUM style, end-uses.ts), and the electricity of
 * their activity (CREST style: active occupancy drives lights, entertainment, cooking, washing;
 * standby and the fridge run regardless and are added when the reading is taken).
 */
import type { Rng } from '../rng.ts';
import { activeIntervals, tvSessions } from './activity.ts';
import type { UsageBins } from './bins.ts';
import * as uses from './end-uses.ts';
import type { HouseholdSpec } from './household.ts';
import { type Cycle, homeAwake, isWithin, nextCycle, type PersonClock, pointIn } from './schedule.ts';
import type { Season } from './season.ts';

export interface LifeState {
  rng: Rng;
  clocks: PersonClock[];
  /** Log of the household's slowly wandering consumption level (an AR(1) walk, per day). */
  drift: number;
  /** A planted incident not yet placed: when the person falls, if at home then (minutes). */
  incidentTarget: number | null;
}

const DAY_MIN = 1440;
/** kWh to heat one litre by 30 K, times the hot share of a shower (0.6). */
const HEATER_WH_PER_SHOWER_LITRE = 35 * 0.6;

export function newLife(hh: HouseholdSpec, rng: Rng): LifeState {
  const clocks = hh.persons.map((p) => ({
    role: p.role,
    lateMorning: hh.population.lateMorning,
    pendingWake: null,
  }));
  return { rng, clocks, drift: rng.normal(0, 0.1), incidentTarget: null };
}

/** Where an incident lands: at the target if the person is home then, else on coming home. */
function placeIncident(cycle: Cycle, target: number): number {
  for (const [from, to] of cycle.away) if (target >= from && target < to) return to;
  return target;
}

/**
 * Simulates the cycles that start on `day` into `bins`. Returns the onset (minutes) of a planted
 * incident placed today, else null.
 */
export function simulateDay(
  hh: HouseholdSpec,
  life: LifeState,
  day: number,
  weekday: number,
  season: Season,
  bins: UsageBins,
): number | null {
  const { rng } = life;
  const h = hh.index;
  life.drift = 0.97 * life.drift + rng.normal(0, 0.025);
  const level = Math.exp(life.drift);
  const cycles = life.clocks.map((clock) => nextCycle(rng, clock, day, weekday));
  let onset: number | null = null;
  const first = cycles[0];
  if (life.incidentTarget !== null && first && life.incidentTarget < first.nextWake) {
    onset = placeIncident(first, life.incidentTarget);
    life.incidentTarget = null;
    bins.addQuiet(h, onset, Number.POSITIVE_INFINITY);
  }
  const scale = hh.population.waterScale * level;
  const cold = 1 + Math.max(0, 18 - season.tempC) * 0.015;
  const homes = cycles.map(homeAwake);
  const water = (t: number, use: uses.Use) => bins.addWater(h, t, use.minutes, use.litres * cold ** 0.5);
  const base = day * DAY_MIN;
  const dark: [number, number][] = [-1, 0, 1].map((k) => [
    base + k * DAY_MIN + season.sunset - 20,
    base + (k + 1) * DAY_MIN + season.sunrise + 20,
  ]);

  hh.persons.forEach((person, i) => {
    const cycle = cycles[i] as Cycle;
    const home = homes[i] as [number, number][];
    const role = person.role;
    const active = activeIntervals(rng, home, person.roleName === 'retired');
    const at = (t: number, use: uses.Use) => {
      if (isWithin(home, t)) water(t, use);
    };
    // Morning and evening routines, then uses spread over the time awake at home.
    if (rng.chance(0.85)) at(cycle.wake + rng.range(2, 12), uses.toilet(hh.cisternL));
    if (rng.chance(0.9)) at(cycle.wake + rng.range(3, 15), uses.basin(rng));
    if (rng.chance(0.6)) at(cycle.wake + rng.range(15, 35), uses.kitchenTap(rng));
    if (rng.chance(Math.min(1, role.showerP * Math.min(1.2, scale) * cold))) {
      const t = rng.chance(0.35) ? cycle.wake + rng.range(5, 20) : cycle.bed - rng.range(30, 100);
      const use = uses.shower(rng, role.showerMin * cold, hh.showerLps);
      if (isWithin(home, t)) {
        water(t, use);
        if (hh.waterHeater) bins.addPower(h, t, 45, (use.litres * HEATER_WH_PER_SHOWER_LITRE * 60) / 45);
      }
    }
    if (rng.chance(0.03)) at(cycle.bed - rng.range(60, 120), uses.bath(rng));
    if (rng.chance(0.9)) at(cycle.bed - rng.range(5, 20), uses.basin(rng));
    if (rng.chance(0.8)) at(cycle.bed - rng.range(5, 25), uses.toilet(hh.cisternL));
    let homeMin = 0;
    for (const [a, b] of home) homeMin += b - a;
    const f = Math.min(1.3, homeMin / (16 * 60));
    const spread = (count: number, use: () => uses.Use) => {
      for (let k = 0; k < count; k++) {
        const t = pointIn(active, rng.next());
        if (t !== null) water(t, use());
      }
    };
    spread(rng.poisson(Math.max(0, role.toiletPerDay * scale * f - 1.7)), () => uses.toilet(hh.cisternL));
    spread(rng.poisson(Math.max(0, role.basinPerDay * scale * f - 1.8)), () => uses.basin(rng));
    spread(rng.poisson(role.kitchenPerDay * scale * f), () => uses.kitchenTap(rng));
    const night = rng.poisson(role.nightToilet * Math.min(1, scale));
    for (let k = 0; k < night; k++) {
      const t = rng.range(cycle.bed + 30, cycle.nextWake - 20);
      if (t < cycle.nextWake - 20) water(t, uses.toilet(hh.cisternL));
    }
    // Electricity: devices and lights while active (dimmer while quiet), the television by
    // its time-of-day switch-on chance, heating or cooling while home.
    const scalePower = hh.population.powerScale;
    const activeW = role.activeW * scalePower * level * rng.range(0.7, 1.3);
    const lights = (intervals: readonly [number, number][], share: number) => {
      for (const [a, b] of intervals) {
        for (const [da, db] of dark) {
          const from = Math.max(a, da);
          const to = Math.min(b, db);
          if (to > from) bins.addPower(h, from, to - from, hh.lightW * share * scalePower);
        }
      }
    };
    for (const [a, b] of active) bins.addPower(h, a, b - a, activeW * 0.6);
    for (const [t, minutes] of tvSessions(rng, active)) bins.addPower(h, t, minutes, hh.tvW * scalePower);
    lights(active, 0.8);
    lights(home, 0.2);
    const hvacW = (hh.hvacKw * 1000 * season.hvacNeed * 0.45) / hh.persons.length;
    if (hvacW > 0) {
      for (const [a, b] of home) bins.addPower(h, a, b - a, hvacW * hh.population.powerScale);
      bins.addPower(h, cycle.bed, cycle.nextWake - cycle.bed, hvacW * 0.5 * hh.population.powerScale);
    }
  });

  householdChores(hh, cycles, homes, scale, base, rng, bins, water);
  return onset;
}

/** Meals, laundry, dishes and mopping: one per household, when somebody is home to do them. */
function householdChores(
  hh: HouseholdSpec,
  cycles: Cycle[],
  homes: [number, number][][],
  scale: number,
  base: number,
  rng: Rng,
  bins: UsageBins,
  water: (t: number, use: uses.Use) => void,
): void {
  const h = hh.index;
  const someoneHome = (t: number) => homes.some((home) => isWithin(home, t));
  const earliest = Math.min(...cycles.map((c) => c.wake));
  if (rng.chance(0.5) && someoneHome(earliest + 10)) bins.addPower(h, earliest + 10, 3, 1800);
  const meals = [base + rng.normal(11.8 * 60, 25), base + rng.normal(18.6 * 60, 35)];
  let dinner = false;
  for (const [k, meal] of meals.entries()) {
    if (!someoneHome(meal - 30)) continue;
    if (k === 1) dinner = true;
    const n = 2 + rng.poisson(Math.min(3, hh.persons.length) * Math.min(1, scale));
    for (let j = 0; j < n; j++) water(meal - rng.range(5, 45), uses.kitchenCooking(rng));
    bins.addPower(h, meal - 40, 35, 700 * hh.population.powerScale);
    bins.addPower(h, meal - 20, 15, 1800 * hh.population.powerScale);
  }
  const i = rng.int(homes.length);
  if (rng.chance(Math.min(0.9, 0.2 * hh.persons.length ** 0.8 * Math.min(1, scale * 1.5)))) {
    const t = pointIn(homes[i] ?? [], rng.next() * 0.8);
    if (t !== null) {
      for (const offset of [0, 18, 36, 55]) water(t + offset, { minutes: 2.5, litres: rng.range(10, 14) });
      bins.addPower(h, t, 70, 400);
    }
  }
  if (hh.dishwasher && dinner && rng.chance(0.7)) {
    const t = (meals[1] as number) + rng.range(40, 90);
    if (someoneHome(t)) {
      for (const offset of [0, 20, 45]) water(t + offset, { minutes: 1.5, litres: rng.range(3, 5) });
      bins.addPower(h, t, 60, 1000);
    }
  }
  hh.persons.forEach((p, j) => {
    if (p.roleName !== 'retired' || !rng.chance(0.5)) return;
    const t = pointIn(homes[j] ?? [], rng.next());
    if (t !== null) water(t, { minutes: 1.5, litres: rng.range(8, 12) });
  });
}
