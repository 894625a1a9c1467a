/**
 * Where each simulated household lives and what the registry says of it: ids (HH-60000001… by
 * default, apart from the other generators'), Shanghai district and grid, meters, register steps
 * and starting registers. Drawn from this package's own seeded streams; the people and their
 * use come from the Python models (usage.ts).
 */
import {
  createRng,
  DISTRICTS,
  type FeedHousehold,
  householdId,
  powerMeterId,
  type Rng,
  registryMessages,
  type StreamRecord,
  waterMeterId,
} from '@onegrid/households';
import type { UsageMeta } from './usage.ts';

/** The households generator's district weights: the same city, drawn from this package's own streams. */
const WEIGHTS = DISTRICTS.map(([, weight]) => weight);

export interface EnduseHousehold extends FeedHousehold {
  population: string;
  persons: number;
  livesAlone: boolean;
  /** pysimdeum's ages of the occupants (`senior`, `work_ad`, `home_ad`, `teen`, `child`). */
  ages: string[];
  district: string;
  street: string;
  community: string;
  grid: string;
  gridWorker: string;
}

export function buildCity(
  seed: number,
  meta: UsageMeta,
  idBase: number,
  tenLitreShare: number,
): EnduseHousehold[] {
  const rng: Rng = createRng(seed, 'enduse:city');
  const perDistrict = new Map<string, number>();
  return meta.household_specs.map((spec, i) => {
    const [district] = DISTRICTS[rng.weighted(WEIGHTS)] as readonly [string, number];
    const k = perDistrict.get(district) ?? 0;
    perDistrict.set(district, k + 1);
    const street = `${district}${String(1 + Math.floor(k / 3000)).padStart(3, '0')}`;
    const gridNo = 1 + Math.floor(k / 250);
    const n = idBase + i + 1;
    return {
      index: i,
      id: householdId(n),
      waterMeter: waterMeterId(n),
      powerMeter: powerMeterId(n),
      population: spec.population,
      persons: spec.persons,
      livesAlone: spec.persons === 1,
      ages: spec.ages,
      district,
      street,
      community: `${street}${String(1 + (Math.floor(k / 750) % 4)).padStart(3, '0')}`,
      grid: `G-${district}-${String(gridNo).padStart(4, '0')}`,
      gridWorker: `GW-${district.slice(4)}${String(gridNo).padStart(3, '0')}`,
      waterStepL: rng.chance(tenLitreShare) ? 10 : 1,
      waterL0: rng.range(20_000, 2_000_000),
      powerWh0: rng.range(500_000, 30_000_000),
    };
  });
}

/** The households as `city.registry.households` records. Phones are fake and only here. */
export function registryRecords(
  seed: number,
  city: readonly EnduseHousehold[],
  arrivalTime: number,
): Generator<StreamRecord> {
  return registryMessages(createRng(seed, 'enduse:contacts'), city, arrivalTime, (hh) => {
    const elderly = hh.ages.every((a) => a === 'senior');
    return { vulnerable: elderly ? ['elderly'] : [], elderly };
  });
}
