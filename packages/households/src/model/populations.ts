/**
 * The labelled populations: who lives in each kind of household, how they use water and power,
 * and how often. Every household belongs to exactly one; the truth names it.
 */
import type { Rng } from '../rng.ts';
import type { RoleName } from './roles.ts';

export interface Population {
  name: string;
  /** Share of all households. */
  share: number;
  /** Occupants, drawn per household. */
  members(rng: Rng): RoleName[];
  /** Chance per day that a person sleeps 1.5-4 h past their time (and goes out late). */
  lateMorning: number;
  /** Scales every person's water use frequency (and shower chance). */
  waterScale: number;
  /** Scales the active (awake at home) electricity. */
  powerScale: number;
  vulnerable: readonly string[];
  /** Trips away for days, per household over three weeks (Poisson mean). */
  tripsPer3Weeks: number;
}

const withChance = (rng: Rng, p: number, role: RoleName): RoleName[] => (rng.chance(p) ? [role] : []);

export const POPULATIONS: readonly Population[] = [
  {
    name: 'family',
    share: 0.22,
    members: (rng) => [
      'worker',
      'worker',
      'child',
      ...withChance(rng, 0.5, 'child'),
      ...withChance(rng, 0.25, 'retired'),
    ],
    lateMorning: 0.04,
    waterScale: 1,
    powerScale: 1,
    vulnerable: [],
    tripsPer3Weeks: 0,
  },
  {
    name: 'couple',
    share: 0.1,
    members: () => ['worker', 'worker'],
    lateMorning: 0.05,
    waterScale: 1,
    powerScale: 1,
    vulnerable: [],
    tripsPer3Weeks: 0,
  },
  {
    name: 'elderly_alone',
    share: 0.12,
    members: () => ['retired'],
    lateMorning: 0.03,
    waterScale: 0.9,
    powerScale: 0.8,
    vulnerable: ['elderly'],
    tripsPer3Weeks: 0,
  },
  {
    name: 'elderly_couple',
    share: 0.08,
    members: () => ['retired', 'retired'],
    lateMorning: 0.03,
    waterScale: 1,
    powerScale: 0.9,
    vulnerable: ['elderly'],
    tripsPer3Weeks: 0,
  },
  {
    name: 'shift_worker',
    share: 0.07,
    members: (rng) => [rng.chance(0.5) ? 'nightShift' : 'eveningShift', ...withChance(rng, 0.3, 'worker')],
    lateMorning: 0.05,
    waterScale: 1,
    powerScale: 1,
    vulnerable: [],
    tripsPer3Weeks: 0,
  },
  {
    name: 'night_owl',
    share: 0.07,
    members: (rng) => ['owl', ...withChance(rng, 0.2, 'owl')],
    lateMorning: 0.1,
    waterScale: 1,
    powerScale: 1.2,
    vulnerable: [],
    tripsPer3Weeks: 0,
  },
  {
    name: 'late_mornings',
    share: 0.06,
    members: (rng) => ['worker', ...withChance(rng, 0.3, 'worker')],
    lateMorning: 0.25,
    waterScale: 1,
    powerScale: 1,
    vulnerable: [],
    tripsPer3Weeks: 0,
  },
  {
    name: 'long_days_out',
    share: 0.07,
    members: () => ['longOut'],
    lateMorning: 0.04,
    waterScale: 0.9,
    powerScale: 0.9,
    vulnerable: [],
    tripsPer3Weeks: 0,
  },
  {
    name: 'traveller',
    share: 0.05,
    members: (rng) => ['worker', ...withChance(rng, 0.3, 'worker')],
    lateMorning: 0.05,
    waterScale: 1,
    powerScale: 1,
    vulnerable: [],
    tripsPer3Weeks: 1.6,
  },
  {
    name: 'large_household',
    share: 0.08,
    members: (rng) => [
      'retired',
      'retired',
      'worker',
      'worker',
      'child',
      'child',
      ...withChance(rng, 0.5, 'child'),
      ...withChance(rng, 0.3, 'worker'),
    ],
    lateMorning: 0.04,
    waterScale: 1.1,
    powerScale: 1,
    vulnerable: ['elderly'],
    tripsPer3Weeks: 0,
  },
  {
    name: 'very_low_user',
    share: 0.08,
    members: () => ['longOut'],
    lateMorning: 0.04,
    waterScale: 0.2,
    powerScale: 0.35,
    vulnerable: [],
    tripsPer3Weeks: 0,
  },
];

export const POPULATION_NAMES = POPULATIONS.map((p) => p.name);
