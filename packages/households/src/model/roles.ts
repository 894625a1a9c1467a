/**
 * What one occupant does with a day: anchors of the asleep / at home / away states (minutes
 * after local midnight, mean and standard deviation; > 1440 is after the next midnight) and the
 * per-person end-use rates. Anchors follow SIMDEUM's diurnal patterns (getting up, leaving,
 * being away, going to sleep, each normal; pysimdeum `diurnal_patterns.toml`), moved to a
 * Chinese city's day; end-use frequencies and durations are SIMDEUM's per age group
 * (pysimdeum NL `Wc.toml`, `Shower.toml`, `KitchenTap.toml`, `BathroomTap.toml`).
 */
export type Anchor = readonly [mean: number, sd: number];

export interface Outing {
  /** Chance on a given day. */
  p: number;
  at: Anchor;
  minutes: Anchor;
}

export interface Role {
  name: string;
  wake: Anchor;
  bed: Anchor;
  /** Weekday (work or school) absence; none for people at home. */
  away?: { leave: Anchor; back: Anchor };
  /** Days of the week (0 = Sunday) with the weekday absence. */
  workdays: readonly number[];
  /** Days off: when they get up and go to bed, and a longer outing. */
  offWake: Anchor;
  offBed: Anchor;
  offOuting?: Outing;
  /** Short outings on any day (market, a walk). */
  errands: readonly Outing[];
  /** Toilet visits while asleep, per night (nocturia). */
  nightToilet: number;
  /** SIMDEUM: shower chance per day, mean duration (min), toilet uses per day. */
  showerP: number;
  showerMin: number;
  toiletPerDay: number;
  kitchenPerDay: number;
  basinPerDay: number;
  /** Electricity drawn while awake at home besides lights and cooking (TV, computer, phone), W. */
  activeW: number;
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const h = (hours: number): number => hours * 60;

const adult = { showerP: 0.79, showerMin: 9.3, toiletPerDay: 6.0, kitchenPerDay: 4, basinPerDay: 4.1 };

export const ROLES = {
  worker: {
    name: 'worker',
    wake: [h(6.8), 30],
    bed: [h(23.2), 40],
    away: { leave: [h(7.8), 25], back: [h(18.7), 50] },
    workdays: WEEKDAYS,
    offWake: [h(8.5), 60],
    offBed: [h(23.8), 45],
    offOuting: { p: 0.55, at: [h(14), 90], minutes: [180, 60] },
    errands: [{ p: 0.2, at: [h(20), 40], minutes: [50, 20] }],
    nightToilet: 0.2,
    ...adult,
    activeW: 90,
  },
  child: {
    name: 'child',
    wake: [h(6.75), 15],
    bed: [h(21.5), 30],
    away: { leave: [h(7.3), 10], back: [h(16.8), 40] },
    workdays: WEEKDAYS,
    offWake: [h(8.2), 45],
    offBed: [h(22), 30],
    offOuting: { p: 0.5, at: [h(9), 45], minutes: [180, 40] },
    errands: [],
    nightToilet: 0.1,
    showerP: 0.48,
    showerMin: 8.6,
    toiletPerDay: 4.6,
    kitchenPerDay: 2,
    basinPerDay: 3.5,
    activeW: 60,
  },
  retired: {
    name: 'retired',
    wake: [h(5.8), 40],
    bed: [h(21.7), 40],
    workdays: [],
    offWake: [h(5.9), 40],
    offBed: [h(21.8), 40],
    errands: [
      { p: 0.7, at: [h(7.75), 40], minutes: [90, 30] },
      { p: 0.4, at: [h(15.5), 60], minutes: [75, 30] },
    ],
    nightToilet: 1.3,
    showerP: 0.69,
    showerMin: 6.5,
    toiletPerDay: 7.2,
    kitchenPerDay: 6,
    basinPerDay: 4.1,
    activeW: 110,
  },
  /** Works nights: home by seven in the morning, asleep until mid-afternoon. */
  nightShift: {
    name: 'night_shift',
    wake: [h(14.5), 50],
    bed: [h(24 + 7.75), 25],
    away: { leave: [h(21.5), 20], back: [h(24 + 7), 20] },
    workdays: [0, 1, 2, 3, 4],
    offWake: [h(11), 60],
    offBed: [h(24 + 2), 60],
    offOuting: { p: 0.4, at: [h(15), 90], minutes: [150, 60] },
    errands: [],
    nightToilet: 0.2,
    ...adult,
    activeW: 90,
  },
  /** Works afternoons and evenings: home near midnight, shower, bed after one. */
  eveningShift: {
    name: 'evening_shift',
    wake: [h(9.5), 45],
    bed: [h(24 + 1.2), 30],
    away: { leave: [h(14.5), 20], back: [h(23.8), 20] },
    workdays: [2, 3, 4, 5, 6],
    offWake: [h(9.5), 60],
    offBed: [h(24 + 0.5), 45],
    offOuting: { p: 0.4, at: [h(15), 90], minutes: [150, 60] },
    errands: [],
    nightToilet: 0.2,
    ...adult,
    activeW: 90,
  },
  /** Up late, to bed at two; out some afternoons. */
  owl: {
    name: 'owl',
    wake: [h(10.5), 60],
    bed: [h(24 + 2.2), 60],
    workdays: [],
    offWake: [h(11), 70],
    offBed: [h(24 + 2.5), 60],
    errands: [
      { p: 0.5, at: [h(15), 60], minutes: [200, 60] },
      { p: 0.3, at: [h(21), 60], minutes: [120, 40] },
    ],
    nightToilet: 0.1,
    ...adult,
    activeW: 130,
  },
  /** Out from before seven to late evening, most days. */
  longOut: {
    name: 'long_out',
    wake: [h(6), 25],
    bed: [h(23.75), 30],
    away: { leave: [h(6.75), 20], back: [h(22.5), 50] },
    workdays: [1, 2, 3, 4, 5, 6],
    offWake: [h(8), 50],
    offBed: [h(23.8), 40],
    offOuting: { p: 0.7, at: [h(10), 60], minutes: [540, 90] },
    errands: [],
    nightToilet: 0.1,
    ...adult,
    activeW: 80,
  },
} as const satisfies Record<string, Role>;

export type RoleName = keyof typeof ROLES;
