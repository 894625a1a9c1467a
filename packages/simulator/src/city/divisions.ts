/**
 * Administrative divisions below the district: the real streets (街道/镇) and communities
 * (居委会/村委会) of Shanghai, and the grids (网格) the model draws inside them, each with its
 * grid worker. How many communities and grids exist depends on the city's size: a 10k-household
 * city does not need all 6,496 communities.
 */
import { type BBox, bbox, type MultiPolygon, type Position, randomPointIn } from '../geo/polygon.ts';
import type { Rng } from '../rng.ts';
import { allocate, pad } from './allocate.ts';
import { DISTRICT_SHAPES, DISTRICTS, type DistrictRecord, STREETS } from './reference-data.ts';

export interface District extends DistrictRecord {
  index: number;
  center: Position;
  shape: MultiPolygon;
  box: BBox;
  households: number;
}

export interface Street {
  index: number;
  code: string;
  name: string;
  district: District;
  center: Position;
}

export interface Community {
  index: number;
  code: string;
  name: string;
  street: Street;
}

export interface Grid {
  index: number;
  /** `G-310101-0021` */
  id: string;
  /** `GW-0042`: the grid worker who covers it. */
  worker: string;
  community: Community;
  households: number;
  /** Index of the grid's first household; its households are contiguous. */
  firstHousehold: number;
}

export interface Divisions {
  districts: District[];
  streets: Street[];
  communities: Community[];
  grids: Grid[];
}

/** Households a community is given before another community of the street is opened. */
const HOUSEHOLDS_PER_COMMUNITY_MIN = 25;
/** A grid covers a few hundred households in Shanghai's practice. */
const HOUSEHOLDS_PER_GRID = 400;

export function buildDivisions(households: number, rng: Rng): Divisions {
  const districts: District[] = DISTRICTS.map((d, index) => {
    const geo = DISTRICT_SHAPES.find((s) => s.code === d.code);
    if (!geo) throw new Error(`no boundary for district ${d.code}`);
    return { ...d, index, center: geo.center, shape: geo.shape, box: bbox(geo.shape), households: 0 };
  });
  const perDistrict = allocate(
    households,
    districts.map((d) => d.population),
  );
  const streets: Street[] = [];
  const communities: Community[] = [];
  const grids: Grid[] = [];
  const gridSeq = new Map<string, number>();
  let household = 0;
  for (const district of districts) {
    district.households = perDistrict[district.index] ?? 0;
    const records = STREETS.filter((s) => s.district === district.code);
    const weights = records.map((s) => s.communities.length * rng.range(0.5, 1.5));
    const perStreet = allocate(district.households, weights);
    records.forEach((record, i) => {
      const street: Street = {
        index: streets.length,
        code: record.code,
        name: record.name,
        district,
        center: randomPointIn(district.shape, district.box, rng),
      };
      streets.push(street);
      const streetHouseholds = perStreet[i] ?? 0;
      const open = Math.min(
        record.communities.length,
        Math.max(1, Math.ceil(streetHouseholds / HOUSEHOLDS_PER_COMMUNITY_MIN)),
      );
      const chosen = shuffled(record.communities, rng).slice(0, open);
      const perCommunity = allocate(
        streetHouseholds,
        chosen.map(() => rng.range(0.6, 1.4)),
      );
      chosen.forEach(([code, name], c) => {
        const community: Community = { index: communities.length, code, name, street };
        communities.push(community);
        const communityHouseholds = perCommunity[c] ?? 0;
        const gridCount = Math.max(1, Math.ceil(communityHouseholds / HOUSEHOLDS_PER_GRID));
        const perGrid = allocate(communityHouseholds, new Array<number>(gridCount).fill(1));
        for (let g = 0; g < gridCount; g++) {
          const seq = (gridSeq.get(district.code) ?? 0) + 1;
          gridSeq.set(district.code, seq);
          const count = perGrid[g] ?? 0;
          grids.push({
            index: grids.length,
            id: `G-${district.code}-${pad(seq, 4)}`,
            worker: `GW-${pad(grids.length + 1, 4)}`,
            community,
            households: count,
            firstHousehold: household,
          });
          household += count;
        }
      });
    });
  }
  return { districts, streets, communities, grids };
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
