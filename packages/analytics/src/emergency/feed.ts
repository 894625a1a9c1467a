import type { ResourceStatus } from '@onegrid/contracts';
import { resourceType } from '@onegrid/contracts';
import type { EvacuationLedger } from './evacuation-ledger.ts';
import { type ResourceBook, type ResourceState, zeroStates } from './resource-book.ts';

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
 * The `evacuation` channel's entries. `transferred` counts by the district people came from;
 * `in_shelters`, `capacity` and `free` by the district the shelter stands in (registry).
 * `free` sums each shelter's max(0, capacity − occupancy): an overfull shelter frees no place
 * in another. Every registry district appears, and every district named by a transfer.
 */
export function evacuationFeed(ledger: EvacuationLedger): Record<string, EvacuationFeedValue> {
  const totals = ledger.totals();
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
  const feed: Record<string, EvacuationFeedValue> = {};
  for (const s of ledger.shelters()) {
    const occupancy = ledger.occupancy(s.shelter_id);
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
  for (const [d, moves] of Object.entries(totals.by_district)) area(d).transferred += moves.transferred;
  total.transferred = totals.transferred;
  feed.total = total;
  for (const [d, a] of areas) feed[d] = a;
  return feed;
}

/** The `resources` channel: every contract resource type, quantities by status (zero when none). */
export function resourcesFeed(book: ResourceBook): Record<string, ResourceTypeValue> {
  const byType = book.byType();
  const feed: Record<string, ResourceTypeValue> = {};
  for (const type of resourceType.options) feed[type] = { type, by_status: byType[type] ?? zeroStates() };
  return feed;
}
