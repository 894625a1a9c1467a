/**
 * Households as a struct of typed arrays: a 1M-household city is a few tens of MB this way,
 * and the meter generator walks the arrays without touching an object per household.
 * Their registry records (with contacts) are produced lazily by registry.ts.
 */
import type { Rng } from '../rng.ts';
import { pad } from './allocate.ts';
import type { Divisions } from './divisions.ts';

/** Household kinds, with distinct daily rhythms (see streams/usage-profile.ts). */
export const HOUSEHOLD_TYPES = [
  'elderly_alone',
  'elderly_couple',
  'single_worker',
  'working_couple',
  'family_children',
] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];
export const ELDERLY_ALONE = 0;

/** Bits of `Households.tags`, in the order of the registry's `vulnerable` list. */
export const VULNERABLE_TAGS = ['elderly', 'disabled', 'chronic_illness', 'bedridden', 'infant'] as const;

export interface Households {
  count: number;
  /** Index into Divisions.grids. */
  grid: Uint32Array;
  /** Index into HOUSEHOLD_TYPES. */
  type: Uint8Array;
  persons: Uint8Array;
  /** Bit i set: VULNERABLE_TAGS[i] applies. */
  tags: Uint8Array;
  /** Typical water use, m3 per day. */
  waterDaily: Float32Array;
  /** Typical electricity use above base load, kWh per day. */
  powerDaily: Float32Array;
  /** Always-on load (fridge, standby), kW. */
  baseLoadKw: Float32Array;
  /** Shift of the household's day, in quarter hours (early risers < 0). */
  phase: Int8Array;
  /** SD of the day-to-day shift of its day, in quarter hours (city/rhythm-spread.ts). */
  spread: Uint8Array;
}

/** Share of the remaining (not elderly-alone) households by type. */
const OTHER_TYPE_WEIGHTS = [0.17, 0.19, 0.25, 0.39];
const PERSONS: Record<HouseholdType, readonly number[]> = {
  elderly_alone: [1],
  elderly_couple: [2],
  single_worker: [1],
  working_couple: [2],
  family_children: [3, 3, 3, 4, 4, 5],
};

export const householdId = (index: number): string => `HH-${pad(index + 1, 8)}`;
export const waterMeterId = (index: number): string => `WM-${pad(index + 1, 8)}`;
export const powerMeterId = (index: number): string => `EM-${pad(index + 1, 8)}`;

export function buildHouseholds(divisions: Divisions, count: number, rng: Rng): Households {
  const h: Households = {
    count,
    grid: new Uint32Array(count),
    type: new Uint8Array(count),
    persons: new Uint8Array(count),
    tags: new Uint8Array(count),
    waterDaily: new Float32Array(count),
    powerDaily: new Float32Array(count),
    baseLoadKw: new Float32Array(count),
    phase: new Int8Array(count),
    spread: new Uint8Array(count),
  };
  for (const grid of divisions.grids) {
    const district = grid.community.street.district;
    for (let i = grid.firstHousehold; i < grid.firstHousehold + grid.households; i++) {
      h.grid[i] = grid.index;
      const type = rng.chance(district.elderly_alone_share)
        ? ELDERLY_ALONE
        : 1 + rng.weighted(OTHER_TYPE_WEIGHTS);
      const name = HOUSEHOLD_TYPES[type] as HouseholdType;
      const persons = rng.pick(PERSONS[name]);
      h.type[i] = type;
      h.persons[i] = persons;
      h.tags[i] = drawTags(name, rng);
      const elderly = type <= 1;
      // Shanghai uses ~110-130 L per person per day at home; elderly a little less.
      h.waterDaily[i] = persons * (elderly ? 0.095 : 0.115) * Math.exp(0.35 * rng.normal());
      // September still runs air conditioning: 5-12 kWh a day above base load.
      h.powerDaily[i] = (elderly ? 3.2 : 4.5) * persons ** 0.6 * Math.exp(0.4 * rng.normal());
      h.baseLoadKw[i] = rng.range(0.03, 0.1);
      h.phase[i] = Math.round(rng.normal() * 2);
    }
  }
  return h;
}

function drawTags(type: HouseholdType, rng: Rng): number {
  let tags = 0;
  const set = (tag: (typeof VULNERABLE_TAGS)[number]) => {
    tags |= 1 << VULNERABLE_TAGS.indexOf(tag);
  };
  if (type === 'elderly_alone' || type === 'elderly_couple') {
    set('elderly');
    if (rng.chance(0.3)) set('chronic_illness');
    if (rng.chance(0.08)) set('disabled');
    if (rng.chance(type === 'elderly_alone' ? 0.04 : 0.06)) set('bedridden');
  } else {
    if (rng.chance(0.015)) set('disabled');
    if (rng.chance(0.03)) set('chronic_illness');
    if (type === 'family_children' && rng.chance(0.12)) set('infant');
  }
  return tags;
}

export function tagsOf(bits: number): string[] {
  return VULNERABLE_TAGS.filter((_, i) => (bits & (1 << i)) !== 0);
}

export const livesAlone = (type: number): boolean => type === ELDERLY_ALONE || type === 2;
