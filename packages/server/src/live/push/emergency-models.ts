import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../../feed/channels.ts';
import { resourcesByType } from '../resources-value.ts';
import { RegistryOverlay } from './registry-overlay.ts';

/** A shelter's registry record, as `shelters_current` holds it. */
export interface ShelterInfo {
  readonly shelter_id: string;
  readonly name: string;
  readonly district: string;
  readonly capacity: number;
  readonly lat: number;
  readonly lon: number;
}

export interface EvacuationFact {
  readonly event_id: string;
  readonly ts: number;
  readonly shelter_id: string;
  readonly district: string;
  readonly action: string;
  readonly people: number;
}

type Occupancy = { transferred: number; in_shelters: number; capacity: number; free: number };
const empty = (): Occupancy => ({ transferred: 0, in_shelters: 0, capacity: 0, free: 0 });

/**
 * The `evacuation` channel kept from events as they arrive, as `pollEvacuation` reads it from the
 * store: every registered shelter's occupancy (check-ins minus check-outs), and per district and
 * in all the people transferred, in shelters, the places and the free places. Events are kept by
 * `event_id` (the contract's dedup key), so a copy from the store and one from Kafka count once.
 */
export class EvacuationModel {
  readonly #shelters = new RegistryOverlay<ShelterInfo>();
  readonly #events = new Map<string, EvacuationFact>();

  /** The store's registry (what `city.registry.shelters` said since overrides it: see RegistryOverlay). */
  setShelters(shelters: readonly ShelterInfo[]): void {
    this.#shelters.setStore(shelters.map((s) => [s.shelter_id, s]));
  }

  /** A record of `city.registry.shelters` (null: deleted). */
  register(shelterId: string, shelter: ShelterInfo | null): void {
    this.#shelters.put(shelterId, shelter);
  }

  /** Merges one event; false when its shelter is not in the registry (a reseed is due). */
  event(e: EvacuationFact): boolean {
    this.#events.set(e.event_id, e);
    return e.action === 'transferred' || this.#shelters.has(e.shelter_id);
  }

  view(): { data: Record<string, ChannelValue<'evacuation'>>; asOf: string | undefined } {
    const occupancy = new Map<string, number>();
    const transferred = new Map<string, number>();
    let newest = Number.NEGATIVE_INFINITY;
    for (const e of this.#events.values()) {
      newest = Math.max(newest, e.ts);
      if (e.action === 'transferred')
        transferred.set(e.district, (transferred.get(e.district) ?? 0) + e.people);
      const sign = e.action === 'check_in' ? 1 : e.action === 'check_out' ? -1 : 0;
      if (sign !== 0) occupancy.set(e.shelter_id, (occupancy.get(e.shelter_id) ?? 0) + sign * e.people);
    }
    const total = empty();
    const byDistrict = new Map<string, Occupancy>();
    const district = (code: string) => {
      const entry = byDistrict.get(code) ?? empty();
      byDistrict.set(code, entry);
      return entry;
    };
    const data: Record<string, ChannelValue<'evacuation'>> = {};
    for (const s of [...this.#shelters.values()].sort((a, b) => (a.shelter_id < b.shelter_id ? -1 : 1))) {
      const people = occupancy.get(s.shelter_id) ?? 0;
      for (const target of [district(s.district), total]) {
        target.in_shelters += people;
        target.capacity += s.capacity;
        target.free += s.capacity - people;
      }
      data[`shelter:${s.shelter_id}`] = { ...s, occupancy: people };
    }
    for (const [code, people] of transferred) {
      district(code).transferred += people;
      total.transferred += people;
    }
    data.total = total;
    for (const [code, o] of byDistrict) data[code] = o;
    return { data, asOf: Number.isFinite(newest) ? isoCstMillis(newest) : undefined };
  }
}

export interface ResourceFact {
  readonly resource_id: string;
  readonly ts: number;
  readonly type: string;
  readonly status: string;
  readonly quantity: number;
}

/**
 * The `resources` channel kept from status changes as they arrive: each resource's latest status
 * by event time (`resource_status_now`), summed per type and status.
 */
export class ResourceModel {
  readonly #latest = new Map<string, ResourceFact>();

  status(r: ResourceFact): void {
    const held = this.#latest.get(r.resource_id);
    if (held === undefined || r.ts >= held.ts) this.#latest.set(r.resource_id, r);
  }

  view(): { data: Record<string, ChannelValue<'resources'>>; asOf: string | undefined } {
    const sorted = [...this.#latest.values()].sort((a, b) =>
      a.type < b.type ? -1 : a.type > b.type ? 1 : 0,
    );
    return resourcesByType(sorted);
  }
}
