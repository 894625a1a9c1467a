import type { Gauge, Household, Shelter, Station } from '@onegrid/contracts';

// Registry records to rows. Each mapper names the columns it keeps (an allow-list, never a
// copy of the message): personal data — the resident's `name`, `contacts` with their phone
// numbers and names — never reaches an analytics table, and a personal field the contract
// gains later cannot slip through either.

/** city.registry.households → households, WITHOUT `name` and `contacts` (personal data). */
export function householdRow(h: Household) {
  return {
    household_id: h.household_id,
    district: h.district,
    street: h.street,
    community: h.community,
    grid: h.grid,
    lives_alone: h.lives_alone ?? null,
    vulnerable: h.vulnerable ?? [],
    grid_worker: h.grid_worker ?? '',
    is_deleted: 0 as 0 | 1,
  };
}

/** city.registry.gauges → gauges. */
export function gaugeRow(g: Gauge) {
  return {
    gauge_id: g.gauge_id,
    name: g.name,
    district: g.district,
    lat: g.lat,
    lon: g.lon,
    kind: g.kind,
    warning_level_m: g.warning_level_m,
    guarantee_level_m: g.guarantee_level_m,
    is_deleted: 0 as 0 | 1,
  };
}

/** city.registry.stations → stations. */
export function stationRow(s: Station) {
  return {
    station_id: s.station_id,
    name: s.name,
    district: s.district,
    lat: s.lat,
    lon: s.lon,
    is_deleted: 0 as 0 | 1,
  };
}

/** city.registry.shelters → shelters. */
export function shelterRow(s: Shelter) {
  return {
    shelter_id: s.shelter_id,
    name: s.name,
    district: s.district,
    lat: s.lat,
    lon: s.lon,
    capacity: s.capacity,
    is_deleted: 0 as 0 | 1,
  };
}

export type HouseholdRow = ReturnType<typeof householdRow>;
export type GaugeRow = ReturnType<typeof gaugeRow>;
export type StationRow = ReturnType<typeof stationRow>;
export type ShelterRow = ReturnType<typeof shelterRow>;

const REGISTRY_ID_COLUMNS = {
  households: 'household_id',
  gauges: 'gauge_id',
  stations: 'station_id',
  shelters: 'shelter_id',
} as const;

export type RegistryTable = keyof typeof REGISTRY_ID_COLUMNS;

/**
 * The row a tombstone (a null value on a compacted registry topic, keyed by `id`) becomes:
 * `is_deleted = 1`, which the ReplacingMergeTree and the *_current views drop. Other columns
 * take their defaults.
 */
export function registryTombstoneRow(table: RegistryTable, id: string): Record<string, string | number> {
  return { [REGISTRY_ID_COLUMNS[table]]: id, is_deleted: 1 };
}
