/**
 * The households: who lives there (a population and its occupants), the fixtures that set each
 * end use's volume and power, the meters, and where the household is in the city's grid. Drawn
 * once per household from its own random stream, so the same seed gives the same city.
 */
import { createRng, type Rng } from '../rng.ts';
import { POPULATIONS, type Population } from './populations.ts';
import { ROLES, type Role, type RoleName } from './roles.ts';

/** Shanghai's 16 districts (GB/T 2260) with rough household weights (enduse draws from them too). */
export const DISTRICTS: readonly (readonly [code: string, weight: number])[] = [
  ['310101', 4],
  ['310104', 5],
  ['310105', 3],
  ['310106', 4],
  ['310107', 4],
  ['310109', 3],
  ['310110', 5],
  ['310112', 11],
  ['310113', 9],
  ['310114', 7],
  ['310115', 24],
  ['310116', 3],
  ['310117', 8],
  ['310118', 5],
  ['310120', 5],
  ['310151', 2],
];

export interface Person {
  role: Role;
  roleName: RoleName;
}

export interface HouseholdSpec {
  index: number;
  id: string;
  waterMeter: string;
  powerMeter: string;
  population: Population;
  persons: Person[];
  livesAlone: boolean;
  district: string;
  street: string;
  community: string;
  grid: string;
  gridWorker: string;
  /** The water register counts whole steps of this many litres (1 or 10). */
  waterStepL: 1 | 10;
  cisternL: number;
  showerLps: number;
  waterHeater: boolean;
  dishwasher: boolean;
  /** Always-on load: standby of every appliance plus routers, W (CREST: 10-60 W per home). */
  standbyW: number;
  /** Fridge compressor: power when on (W), cycle period and on-time (min), phase (min). */
  fridgeW: number;
  fridgePeriod: number;
  fridgeOn: number;
  fridgePhase: number;
  /** Lighting drawn per awake occupant after dark, W. */
  lightW: number;
  /** Television when on, W (CREST: 100-200 W). */
  tvW: number;
  /** Air conditioner / heater electric power at full need, kW. */
  hvacKw: number;
  /** Registers at the stream start: litres and watt-hours. */
  waterL0: number;
  powerWh0: number;
}

const pad8 = (n: number): string => String(n).padStart(8, '0');
export const householdId = (n: number): string => `HH-${pad8(n)}`;
export const waterMeterId = (n: number): string => `WM-${pad8(n)}`;
export const powerMeterId = (n: number): string => `EM-${pad8(n)}`;

function drawPopulation(rng: Rng): Population {
  return POPULATIONS[rng.weighted(POPULATIONS.map((p) => p.share))] as Population;
}

/** Builds `count` households; numbers `idBase + 1 …`. Grids hold up to 250 households. */
export function buildHouseholds(
  seed: number,
  count: number,
  idBase: number,
  tenLitreShare: number,
): HouseholdSpec[] {
  const placeRng = createRng(seed, 'city:districts');
  const perDistrict = new Map<string, number>();
  const out: HouseholdSpec[] = [];
  for (let i = 0; i < count; i++) {
    const rng = createRng(seed, `household:${i}`);
    const population = drawPopulation(rng);
    const roleNames = population.members(rng);
    const persons = roleNames.map((roleName) => ({ roleName, role: ROLES[roleName] as Role }));
    const district = (
      DISTRICTS[placeRng.weighted(DISTRICTS.map((d) => d[1]))] as readonly [string, number]
    )[0];
    const k = perDistrict.get(district) ?? 0;
    perDistrict.set(district, k + 1);
    const street = `${district}${String(1 + Math.floor(k / 3000)).padStart(3, '0')}`;
    const community = `${street}${String(1 + (Math.floor(k / 750) % 4)).padStart(3, '0')}`;
    const gridNo = 1 + Math.floor(k / 250);
    const n = idBase + i + 1;
    const fridgePeriod = rng.range(35, 60);
    out.push({
      index: i,
      id: householdId(n),
      waterMeter: waterMeterId(n),
      powerMeter: powerMeterId(n),
      population,
      persons,
      livesAlone: persons.length === 1,
      district,
      street,
      community,
      grid: `G-${district}-${String(gridNo).padStart(4, '0')}`,
      gridWorker: `GW-${district.slice(4)}${String(gridNo).padStart(3, '0')}`,
      waterStepL: rng.chance(tenLitreShare) ? 10 : 1,
      cisternL: rng.chance(0.45) ? 6 : 9,
      showerLps: (rng.chance(0.5) ? 0.142 : 0.123) * rng.range(0.8, 1.1),
      waterHeater: rng.chance(0.6),
      dishwasher: rng.chance(0.15),
      standbyW: rng.range(12, 55),
      fridgeW: rng.range(80, 160),
      fridgePeriod,
      fridgeOn: fridgePeriod * rng.range(0.3, 0.45),
      fridgePhase: rng.range(0, fridgePeriod),
      lightW: rng.range(30, 110),
      tvW: rng.range(90, 180),
      hvacKw: rng.range(0.6, 1.4),
      waterL0: rng.range(20_000, 2_000_000),
      powerWh0: rng.range(500_000, 30_000_000),
    });
  }
  return out;
}
