import type { DistrictRegistry } from '@onegrid/analytics/typhoon';
import type { RegistryState } from '../registry/registry-state.ts';

/**
 * What the risk model of one district needs to know about it, from the registries: its
 * stations and gauges, households (vulnerable: a `vulnerable` tag or someone living alone),
 * shelter places, and the population the store's `districts` table holds.
 */
export function districtRegistry(
  district: string,
  registry: RegistryState,
  population: ReadonlyMap<string, number>,
): DistrictRegistry {
  let households = 0;
  let vulnerableHouseholds = 0;
  for (const h of registry.households.values()) {
    if (h.district !== district) continue;
    households++;
    if (h.lives_alone || (h.vulnerable?.length ?? 0) > 0) vulnerableHouseholds++;
  }
  let shelterCapacity = 0;
  for (const s of registry.shelters.values()) if (s.district === district) shelterCapacity += s.capacity;
  return {
    district,
    population: population.get(district) ?? 0,
    households,
    vulnerableHouseholds,
    shelterCapacity,
    stations: [...registry.stations.values()].filter((s) => s.district === district),
    gauges: [...registry.gauges.values()].filter((g) => g.district === district),
  };
}
