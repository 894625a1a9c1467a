/**
 * Things placed in the city besides households: weather stations (the 11 national stations at
 * their real places plus district automatic stations), shelters sized to the population, and
 * the rescue resources each district holds.
 */
import { resourceType } from '@onegrid/contracts';
import type { z } from 'zod';
import { round5 } from '../geo/polygon.ts';
import type { Rng } from '../rng.ts';
import { pad } from './allocate.ts';
import type { Divisions } from './divisions.ts';
import { NATIONAL_STATIONS, type StationRecord } from './reference-data.ts';

export interface Shelter {
  shelter_id: string;
  name: string;
  district: string;
  lat: number;
  lon: number;
  capacity: number;
}

/** The contract's resource types, in its order (the contracts package is their one source). */
export const RESOURCE_TYPES = resourceType.options;
export type ResourceType = z.output<typeof resourceType>;

export interface Resource {
  resource_id: string;
  type: ResourceType;
  /** Home district: where it waits when available. */
  district: string;
  /** Units it stands for: people in a team, pallets in a sandbag lot, else 1. */
  quantity: number;
}

const AUTO_STATIONS_PER_DISTRICT = 2;

export function buildStations(divisions: Divisions, rng: Rng): StationRecord[] {
  const stations = NATIONAL_STATIONS.map((s) => ({ ...s }));
  let seq = 0;
  for (const district of divisions.districts) {
    const streets = divisions.streets.filter((s) => s.district === district);
    for (let i = 0; i < AUTO_STATIONS_PER_DISTRICT && streets.length > 0; i++) {
      const street = rng.pick(streets);
      seq++;
      stations.push({
        station_id: `AWS-S${pad(seq, 4)}`,
        name: `${street.name}自动站`,
        district: district.code,
        lat: round5(street.center[1]),
        lon: round5(street.center[0]),
      });
    }
  }
  return stations;
}

const SHELTER_KINDS = ['社区文化活动中心', '中学', '小学', '体育馆', '应急避难场所', '党群服务中心'];

/** Shelter places per household, by district exposure: enough for every evacuation wave. */
export const shelterPlacesPerHousehold = (exposure: number): number => 1.2 + 2.0 * exposure;

export function buildShelters(divisions: Divisions, rng: Rng): Shelter[] {
  const shelters: Shelter[] = [];
  for (const district of divisions.districts) {
    const streets = divisions.streets.filter((s) => s.district === district);
    let places = Math.round(district.households * shelterPlacesPerHousehold(district.exposure));
    let n = 0;
    while (places > 0 || n < 2) {
      n++;
      const street = rng.pick(streets);
      const capacity = Math.max(100, Math.min(places, 50 * Math.round(rng.range(6, 60))));
      places -= capacity;
      shelters.push({
        shelter_id: `SH-${district.code}-${pad(n, 2)}`,
        name: `${street.name}${rng.pick(SHELTER_KINDS)}避难点`,
        district: district.code,
        lat: round5(street.center[1] + rng.range(-0.004, 0.004)),
        lon: round5(street.center[0] + rng.range(-0.004, 0.004)),
        capacity,
      });
    }
  }
  return shelters;
}

const RESOURCE_PREFIX: Record<ResourceType, string> = {
  rescue_team: 'TEAM',
  boat: 'BOAT',
  pump: 'PUMP',
  vehicle: 'VEH',
  generator: 'GEN',
  sandbag_pallet: 'SAND',
  medical_team: 'MED',
};

/** Per district at the 100k-household demo size, before exposure and size scaling. */
const RESOURCE_BASE: Record<ResourceType, number> = {
  rescue_team: 4,
  boat: 2,
  pump: 6,
  vehicle: 5,
  generator: 3,
  sandbag_pallet: 6,
  medical_team: 2,
};

export function buildResources(divisions: Divisions, households: number, rng: Rng): Resource[] {
  const size = Math.sqrt(households / 100_000);
  const resources: Resource[] = [];
  const seq = new Map<ResourceType, number>();
  for (const type of RESOURCE_TYPES) {
    for (const district of divisions.districts) {
      const floody = type === 'boat' || type === 'pump' ? 0.5 + 1.5 * district.exposure : 1;
      const n = Math.max(1, Math.round(RESOURCE_BASE[type] * floody * size * rng.range(0.7, 1.3)));
      for (let i = 0; i < n; i++) {
        const k = (seq.get(type) ?? 0) + 1;
        seq.set(type, k);
        const quantity =
          type === 'rescue_team'
            ? 6 + rng.int(15)
            : type === 'medical_team'
              ? 4 + rng.int(6)
              : type === 'sandbag_pallet'
                ? 10 + rng.int(31)
                : 1;
        resources.push({
          resource_id: `RS-${RESOURCE_PREFIX[type]}-${pad(k, 3)}`,
          type,
          district: district.code,
          quantity,
        });
      }
    }
  }
  return resources;
}
