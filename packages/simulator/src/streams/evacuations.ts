/**
 * Evacuation waves: low-lying and coastal districts move people first (from ~20 h before
 * landfall), the rest from ~14 h; buses bring batches to shelters of their district, where
 * fewer check in than were moved (some go on to relatives) and a few walk in on their own;
 * everyone checks out once the all-clear comes, 14-36 h after landfall. The plan is made
 * up front (a few thousand events) and sent as its times come.
 */
import { type Evacuation, isoCstSeconds, TOPICS } from '@onegrid/contracts';
import { pad } from '../city/allocate.ts';
import type { City } from '../city/city.ts';
import type { Shelter } from '../city/facilities.ts';
import type { Feed } from '../feed/feed.ts';
import type { Rng } from '../rng.ts';
import { HOUR, MINUTE } from '../time.ts';
import type { EvacuationTruth } from '../truth/truth.ts';

const TOPIC = TOPICS.evacuations;

interface Planned {
  t: number;
  shelter: Shelter;
  district: string;
  action: Evacuation['action'];
  people: number;
}

export class EvacuationStream {
  readonly #events: Evacuation[];
  readonly #times: number[];
  #next = 0;
  readonly planned: number;
  readonly #truth: EvacuationTruth;
  readonly #rng: Rng;

  constructor(city: City, landfall: number, perHousehold: number, rng: Rng) {
    this.#rng = rng;
    const plan: Planned[] = [];
    const weight = (exposure: number) => 0.3 + exposure;
    const mean =
      city.districts.reduce((s, d) => s + weight(d.exposure) * d.households, 0) /
      Math.max(1, city.households.count);
    let planned = 0;
    for (const district of city.districts) {
      const shelters = city.shelters.filter((s) => s.district === district.code);
      const room = new Map(shelters.map((s) => [s, Math.floor(s.capacity * 0.95)]));
      const capacity = [...room.values()].reduce((a, b) => a + b, 0);
      let people = Math.min(
        Math.round((perHousehold * district.households * weight(district.exposure)) / mean),
        Math.floor(capacity / 1.05),
      );
      planned += people;
      const waveStart = landfall - (district.exposure >= 0.7 ? 20 : 14) * HOUR;
      const waveEnd = landfall - 2 * HOUR;
      while (people > 0) {
        const batch = Math.min(people, 5 + rng.int(76));
        people -= batch;
        // Triangular over the wave: most moves in its middle.
        const t =
          Math.floor((waveStart + (waveEnd - waveStart) * ((rng.next() + rng.next()) / 2)) / 1000) * 1000;
        const open = shelters.filter((s) => (room.get(s) ?? 0) >= batch);
        const shelter = open.length > 0 ? rng.pick(open) : (shelters[0] as Shelter);
        room.set(shelter, (room.get(shelter) ?? 0) - batch);
        plan.push({ t, shelter, district: district.code, action: 'transferred', people: batch });
        const arrived = batch - (rng.chance(0.3) ? 1 + rng.int(Math.max(1, Math.floor(batch / 8))) : 0);
        const checkIn = t + Math.floor(rng.range(20, 90)) * MINUTE;
        if (arrived > 0)
          plan.push({ t: checkIn, shelter, district: district.code, action: 'check_in', people: arrived });
        const walkIns = rng.chance(0.1) ? 1 + rng.int(4) : 0;
        if (walkIns > 0) {
          plan.push({
            t: checkIn + rng.int(120) * MINUTE,
            shelter,
            district: district.code,
            action: 'check_in',
            people: walkIns,
          });
        }
        if (arrived + walkIns > 0)
          this.#planCheckOut(plan, shelter, district.code, arrived + walkIns, landfall, rng);
      }
    }
    plan.sort((a, b) => a.t - b.t);
    this.planned = planned;
    this.#times = plan.map((p) => p.t);
    this.#events = plan.map((p, i) => ({
      event_id: `EV-${pad(i + 1, 6)}`,
      ts: isoCstSeconds(p.t),
      shelter_id: p.shelter.shelter_id,
      district: p.district,
      action: p.action,
      people: p.people,
    }));
    this.#truth = {
      type: 'evacuation',
      transferred: 0,
      checked_in: 0,
      checked_out: 0,
      planned_transferred: planned,
      by_district: {},
      occupancy: {},
    };
  }

  #planCheckOut(
    plan: Planned[],
    shelter: Shelter,
    district: string,
    people: number,
    landfall: number,
    rng: Rng,
  ): void {
    const t = Math.floor((landfall + rng.range(14, 36) * HOUR) / 1000) * 1000;
    plan.push({ t, shelter, district, action: 'check_out', people });
  }

  /** Events with from ≤ ts < to. */
  advance(from: number, to: number, feed: Feed): void {
    while (this.#next < this.#events.length && (this.#times[this.#next] as number) < to) {
      const i = this.#next++;
      const t = this.#times[i] as number;
      if (t < from) continue;
      const e = this.#events[i] as Evacuation;
      if (feed.send(TOPIC, e.shelter_id, JSON.stringify(e), t + 1000 + this.#rng.next() * 30_000))
        this.#count(e);
    }
  }

  #count(e: Evacuation): void {
    const truth = this.#truth;
    const d = truth.by_district[e.district] ?? { transferred: 0, checked_in: 0, checked_out: 0 };
    truth.by_district[e.district] = d;
    if (e.action === 'transferred') {
      truth.transferred += e.people;
      d.transferred += e.people;
    } else if (e.action === 'check_in') {
      truth.checked_in += e.people;
      d.checked_in += e.people;
      truth.occupancy[e.shelter_id] = (truth.occupancy[e.shelter_id] ?? 0) + e.people;
    } else {
      truth.checked_out += e.people;
      d.checked_out += e.people;
      truth.occupancy[e.shelter_id] = (truth.occupancy[e.shelter_id] ?? 0) - e.people;
    }
  }

  truth(): EvacuationTruth {
    return this.#truth;
  }
}
