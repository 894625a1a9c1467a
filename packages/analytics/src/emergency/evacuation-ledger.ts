import { type Evacuation, type Shelter, toEpochMs } from '@onegrid/contracts';
import { ShelterBalance } from './shelter-balance.ts';

/**
 * - `accepted`: counted;
 * - `duplicate`: this `event_id` was counted before (the same event again);
 * - `conflict`: this `event_id` was counted before with other content: the first one stands,
 *   this one is not counted (an anomaly, see `anomalies()`);
 * - `unknown_id`: a shelter the registry does not know: not counted.
 */
export type EvacuationDisposition = 'accepted' | 'duplicate' | 'conflict' | 'unknown_id';

/** A type alias, not an interface, so that it reads as a `Record<string, number>`. */
export type DistrictMoves = {
  transferred: number;
  checked_in: number;
  checked_out: number;
};

/** The ledger's totals, in the shape of the simulator's `evacuation` truth entry. */
export interface EvacuationTotals extends DistrictMoves {
  /** By the `district` the events name (where people came from). */
  by_district: Record<string, DistrictMoves>;
  /** People in each shelter that has had a check-in or check-out. */
  occupancy: Record<string, number>;
}

export interface EvacuationAnomalies {
  /** Check-outs that would have taken a shelter below zero, and the people they lacked. */
  clampedCheckOuts: number;
  clampedPeople: number;
  /** Events whose id was already counted with different content. */
  conflicts: number;
  /** Events for shelters the registry does not know. */
  unknownShelters: number;
}

const contentKey = (e: Evacuation): string =>
  `${toEpochMs(e.ts)}|${e.shelter_id}|${e.district}|${e.action}|${e.people}`;

const emptyMoves = (): DistrictMoves => ({ transferred: 0, checked_in: 0, checked_out: 0 });

/**
 * People moved out of danger and into and out of shelters, idempotent by `event_id`. Every
 * figure is a sum over events, so the ledger is exact whatever the arrival order; occupancy is
 * walked in event-time order per shelter (see ShelterBalance). Pure; no I/O.
 *
 * State is cumulative over the whole operation: it needs every event since the first one
 * (`oldestNeededTime`), a few thousand per storm.
 */
export class EvacuationLedger {
  readonly #shelters = new Map<string, Shelter>();
  readonly #seen = new Map<string, string>();
  readonly #balances = new Map<string, ShelterBalance>();
  readonly #totals: DistrictMoves = emptyMoves();
  readonly #byDistrict = new Map<string, DistrictMoves>();
  #conflicts = 0;
  #unknownShelters = 0;
  #oldestTime: number | undefined;
  #oldestPosition: number | undefined;
  #newestTime: number | undefined;

  constructor(shelters: Iterable<Shelter>) {
    for (const s of shelters) this.#shelters.set(s.shelter_id, s);
  }

  /** A registry update (a new shelter, or new capacity). */
  upsertShelter(shelter: Shelter): void {
    this.#shelters.set(shelter.shelter_id, shelter);
  }

  apply(e: Evacuation, position?: number): EvacuationDisposition {
    // Checked first: a copy naming a shelter nobody knows is that, not a conflicting event.
    if (!this.#shelters.has(e.shelter_id)) {
      this.#unknownShelters++;
      return 'unknown_id';
    }
    const key = contentKey(e);
    const seen = this.#seen.get(e.event_id);
    if (seen !== undefined) {
      if (seen === key) return 'duplicate';
      this.#conflicts++;
      return 'conflict';
    }
    this.#seen.set(e.event_id, key);
    const t = toEpochMs(e.ts);
    this.#oldestTime = this.#oldestTime === undefined ? t : Math.min(this.#oldestTime, t);
    this.#newestTime = this.#newestTime === undefined ? t : Math.max(this.#newestTime, t);
    if (position !== undefined) {
      this.#oldestPosition =
        this.#oldestPosition === undefined ? position : Math.min(this.#oldestPosition, position);
    }
    let district = this.#byDistrict.get(e.district);
    if (district === undefined) {
      district = emptyMoves();
      this.#byDistrict.set(e.district, district);
    }
    if (e.action === 'transferred') {
      this.#totals.transferred += e.people;
      district.transferred += e.people;
      return 'accepted';
    }
    let balance = this.#balances.get(e.shelter_id);
    if (balance === undefined) {
      balance = new ShelterBalance();
      this.#balances.set(e.shelter_id, balance);
    }
    const checkIn = e.action === 'check_in';
    balance.add({ t, eventId: e.event_id, delta: checkIn ? e.people : -e.people });
    if (checkIn) {
      this.#totals.checked_in += e.people;
      district.checked_in += e.people;
    } else {
      this.#totals.checked_out += e.people;
      district.checked_out += e.people;
    }
    return 'accepted';
  }

  totals(): EvacuationTotals {
    const by_district: Record<string, DistrictMoves> = {};
    for (const [d, m] of this.#byDistrict) by_district[d] = { ...m };
    const occupancy: Record<string, number> = {};
    for (const [id, b] of this.#balances) occupancy[id] = b.occupancy;
    return { ...this.#totals, by_district, occupancy };
  }

  /** People in a shelter now (0 when none has checked in). */
  occupancy(shelterId: string): number {
    return this.#balances.get(shelterId)?.occupancy ?? 0;
  }

  shelters(): Shelter[] {
    return [...this.#shelters.values()];
  }

  anomalies(): EvacuationAnomalies {
    let clampedCheckOuts = 0;
    let clampedPeople = 0;
    for (const b of this.#balances.values()) {
      clampedCheckOuts += b.clampedCheckOuts;
      clampedPeople += b.clampedPeople;
    }
    return {
      clampedCheckOuts,
      clampedPeople,
      conflicts: this.#conflicts,
      unknownShelters: this.#unknownShelters,
    };
  }

  /** Event time of the earliest counted event: the ledger depends on everything since. */
  oldestNeededTime(): number | undefined {
    return this.#oldestTime;
  }

  oldestNeededPosition(): number | undefined {
    return this.#oldestPosition;
  }

  /** Event time of the newest counted event (the feed's `as_of`). */
  newestTime(): number | undefined {
    return this.#newestTime;
  }
}

/** The totals of several ledgers (one per partition) as one: every figure is a sum. */
export function combineTotals(list: readonly EvacuationTotals[]): EvacuationTotals {
  const out: EvacuationTotals = { ...emptyMoves(), by_district: {}, occupancy: {} };
  for (const t of list) {
    out.transferred += t.transferred;
    out.checked_in += t.checked_in;
    out.checked_out += t.checked_out;
    for (const [d, m] of Object.entries(t.by_district)) {
      const into = out.by_district[d] ?? emptyMoves();
      out.by_district[d] = into;
      into.transferred += m.transferred;
      into.checked_in += m.checked_in;
      into.checked_out += m.checked_out;
    }
    for (const [id, n] of Object.entries(t.occupancy)) out.occupancy[id] = (out.occupancy[id] ?? 0) + n;
  }
  return out;
}
