import type { Gauge, Household, Shelter, Station } from '@onegrid/contracts';

/** A household as processors keep it: the registry record without `name` and `contacts` (personal data). */
export type HouseholdInfo = Omit<Household, 'contacts' | 'name'>;

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
  /** Registered districts: any district a household, gauge, station or shelter stands in. */
  readonly #districts = new Map<string, number>();

  upsertHousehold(record: Household): void {
    const { contacts: _contacts, name: _name, ...info } = record;
    this.#replace(this.households, info.household_id, info);
  }

  upsertGauge(record: Gauge): void {
    this.#replace(this.gauges, record.gauge_id, record);
  }

  upsertStation(record: Station): void {
    this.#replace(this.stations, record.station_id, record);
  }

  upsertShelter(record: Shelter): void {
    this.#replace(this.shelters, record.shelter_id, record);
  }

  /** A tombstone on a compacted topic: the record with that key was deleted. */
  remove(kind: 'households' | 'gauges' | 'stations' | 'shelters', id: string): void {
    const map: Map<string, { district: string }> = this[kind];
    const old = map.get(id);
    if (old !== undefined) this.#count(old.district, -1);
    map.delete(id);
  }

  hasDistrict(code: string): boolean {
    return (this.#districts.get(code) ?? 0) > 0;
  }

  #replace<T extends { district: string }>(map: Map<string, T>, id: string, value: T): void {
    const old = map.get(id);
    if (old !== undefined) this.#count(old.district, -1);
    map.set(id, value);
    this.#count(value.district, 1);
  }

  #count(district: string, delta: number): void {
    this.#districts.set(district, (this.#districts.get(district) ?? 0) + delta);
  }
}
