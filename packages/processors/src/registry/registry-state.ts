import type { Gauge, Household, Shelter, Station } from '@onegrid/contracts';
import { Interned } from './interned.ts';

/**
 * A household as processors keep it: the registry record without `name` and `contacts` (personal
 * data); its tag list shared with other households' (frozen: read only).
 */
export type HouseholdInfo = Omit<Household, 'contacts' | 'name' | 'vulnerable'> & {
  readonly vulnerable?: readonly string[];
};

/**
 * The reference data processors look ids up in, kept current from the compacted registry
 * topics. Names and contacts are dropped on the way in: onegrid's processors never need them
 * (the alert gateway reads them from the registry itself), so they are never held, logged or
 * stored here.
 */
export class RegistryState {
  readonly households = new Map<string, HouseholdInfo>();
  readonly gauges = new Map<string, Gauge>();
  readonly stations = new Map<string, Station>();
  readonly shelters = new Map<string, Shelter>();
  /**
   * The administrative code list (GB/T 2260) of the districts the project covers: the store's
   * `districts` table. A district is valid by that list alone, never by whether some household,
   * gauge, station or shelter happens to be registered in it: a city connects its feeds in any
   * order, and the hotline's tickets must not wait for the household registry.
   */
  #districts: ReadonlySet<string> = new Set();

  /** Sets the district code list (read from the store's `districts` table at start-up). */
  useDistrictCodes(codes: Iterable<string>): void {
    this.#districts = new Set(codes);
  }

  /** Strings many households repeat, held once (see Interned). */
  readonly #interned = new Interned();

  upsertHousehold(record: Household): void {
    const { contacts: _contacts, name: _name, vulnerable, grid_worker, ...rest } = record;
    const names = this.#interned;
    const info: HouseholdInfo = {
      ...rest,
      district: names.value(rest.district),
      street: names.value(rest.street),
      community: names.value(rest.community),
      grid: names.value(rest.grid),
      ...(grid_worker === undefined ? {} : { grid_worker: names.value(grid_worker) }),
      ...(vulnerable === undefined ? {} : { vulnerable: names.list(vulnerable) }),
    };
    this.households.set(info.household_id, info);
  }

  upsertGauge(record: Gauge): void {
    this.gauges.set(record.gauge_id, record);
  }

  upsertStation(record: Station): void {
    this.stations.set(record.station_id, record);
  }

  upsertShelter(record: Shelter): void {
    this.shelters.set(record.shelter_id, record);
  }

  /** A tombstone on a compacted topic: the record with that key was deleted. */
  remove(kind: 'households' | 'gauges' | 'stations' | 'shelters', id: string): void {
    this[kind].delete(id);
  }

  /** The district code list (see useDistrictCodes). */
  districtCodes(): ReadonlySet<string> {
    return this.#districts;
  }

  /** Whether `code` is on the district code list (see useDistrictCodes). */
  hasDistrict(code: string): boolean {
    return this.#districts.has(code);
  }
}
