import { type ResourceStatus, resourceType, type Shelter } from '@onegrid/contracts';
import { combineTotals, type EvacuationLedger } from './evacuation-ledger.ts';
import { RESOURCE_STATES, type ResourceBook, type ResourceState, zeroStates } from './resource-book.ts';

/** `evacuation` channel, keys `total` and district codes (shared spec B). */
export interface EvacuationAreaValue {
  transferred: number;
  in_shelters: number;
  capacity: number;
  free: number;
}

/** `evacuation` channel, keys `shelter:<shelter_id>`. */
export interface ShelterValue {
  shelter_id: string;
  name: string;
  district: string;
  lat: number;
  lon: number;
  capacity: number;
  occupancy: number;
}

export type EvacuationFeedValue = EvacuationAreaValue | ShelterValue;

/** `resources` channel, keyed by resource type. */
export interface ResourceTypeValue {
  type: ResourceStatus['type'];
  by_status: Record<ResourceState, number>;
}

const emptyArea = (): EvacuationAreaValue => ({ transferred: 0, in_shelters: 0, capacity: 0, free: 0 });

/**
 * The `evacuation` channel's entries, from one ledger or from the ledgers of every partition
 * (a shelter's events live in one partition, so its occupancy is the sum over ledgers; so are
 * the transfers). `transferred` counts by the district people came from; `in_shelters`,
 * `capacity` and `free` by the district the shelter stands in (registry). `free` sums each
 * shelter's max(0, capacity − occupancy): an overfull shelter frees no place in another.
 * Every registry district appears, and every district named by a transfer.
 */
export function evacuationFeed(
  ledgers: EvacuationLedger | readonly EvacuationLedger[],
): Record<string, EvacuationFeedValue> {
  const all: readonly EvacuationLedger[] = Array.isArray(ledgers) ? ledgers : [ledgers as EvacuationLedger];
  const total = emptyArea();
  const areas = new Map<string, EvacuationAreaValue>();
  const area = (d: string): EvacuationAreaValue => {
    let a = areas.get(d);
    if (a === undefined) {
      a = emptyArea();
      areas.set(d, a);
    }
    return a;
  };
  const shelters = new Map<string, Shelter>();
  for (const ledger of all) for (const s of ledger.shelters()) shelters.set(s.shelter_id, s);
  const feed: Record<string, EvacuationFeedValue> = {};
  for (const s of shelters.values()) {
    const occupancy = all.reduce((sum, ledger) => sum + ledger.occupancy(s.shelter_id), 0);
    const free = Math.max(0, s.capacity - occupancy);
    for (const a of [total, area(s.district)]) {
      a.in_shelters += occupancy;
      a.capacity += s.capacity;
      a.free += free;
    }
    feed[`shelter:${s.shelter_id}`] = {
      shelter_id: s.shelter_id,
      name: s.name,
      district: s.district,
      lat: s.lat,
      lon: s.lon,
      capacity: s.capacity,
      occupancy,
    };
  }
  const totals = combineTotals(all.map((ledger) => ledger.totals()));
  for (const [d, moves] of Object.entries(totals.by_district)) area(d).transferred += moves.transferred;
  total.transferred = totals.transferred;
  feed.total = total;
  for (const [d, a] of areas) feed[d] = a;
  return feed;
}

/**
 * The `resources` channel: every contract resource type, quantities by status (zero when
 * none), from one book or the books of every partition (a resource lives in one partition).
 */
export function resourcesFeed(
  books: ResourceBook | readonly ResourceBook[],
): Record<string, ResourceTypeValue> {
  const all: readonly ResourceBook[] = Array.isArray(books) ? books : [books as ResourceBook];
  const feed: Record<string, ResourceTypeValue> = {};
  for (const type of resourceType.options) feed[type] = { type, by_status: zeroStates() };
  for (const book of all) {
    for (const [type, byStatus] of Object.entries(book.byType())) {
      const value = feed[type];
      if (value === undefined) continue;
      for (const state of RESOURCE_STATES) value.by_status[state] += byStatus[state];
    }
  }
  return feed;
}
