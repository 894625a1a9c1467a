/**
 * Rescue resources: every one reports `available` (a few `out_of_service`) at the start, then
 * goes out on missions while the storm is on the city: dispatched → on_site → returning →
 * available. Sandbags stay where they are laid; a boat or pump may break down out there.
 * Missions are planned up front, one after another per resource, and sent as their times come.
 */
import { isoCstSeconds, type ResourceStatus, TOPICS } from '@onegrid/contracts';
import type { City } from '../city/city.ts';
import type { Resource } from '../city/facilities.ts';
import type { Feed } from '../feed/feed.ts';
import type { Rng } from '../rng.ts';
import { HOUR, MINUTE } from '../time.ts';
import type { ResourceTruth } from '../truth/truth.ts';

const TOPIC = TOPICS.resources;
/** Missions per resource during the storm, by type. */
const MISSIONS: Record<Resource['type'], number> = {
  rescue_team: 3,
  boat: 2.5,
  pump: 2,
  vehicle: 3,
  generator: 1.5,
  sandbag_pallet: 1,
  medical_team: 2,
};

interface Change {
  t: number;
  resource: number;
  status: ResourceStatus['status'];
  district: string;
}

export class ResourceStream {
  readonly #resources: Resource[];
  readonly #changes: Change[];
  #next = 0;
  readonly #rng: Rng;
  readonly #truth: ResourceTruth[];
  readonly #lastTs: number[];

  constructor(city: City, start: number, landfall: number, rng: Rng) {
    this.#rng = rng;
    this.#resources = city.resources;
    const districts = city.districts.map((d) => d.code);
    const exposed = city.districts.filter((d) => d.exposure >= 0.7).map((d) => d.code);
    const changes: Change[] = [];
    city.resources.forEach((r, i) => {
      const broken = rng.chance(0.03);
      changes.push({
        t: start + rng.int(600) * 1000,
        resource: i,
        status: broken ? 'out_of_service' : 'available',
        district: r.district,
      });
      if (broken) return;
      let free = landfall - 14 * HOUR;
      const missions = Math.round(MISSIONS[r.type] * rng.range(0.5, 1.5));
      for (let m = 0; m < missions; m++) {
        const t = Math.max(free, landfall + rng.normal() * 7 * HOUR) + rng.int(3600) * 1000;
        const target = rng.chance(0.75)
          ? r.district
          : rng.chance(0.6)
            ? rng.pick(exposed)
            : rng.pick(districts);
        const onSite = t + rng.range(20, 75) * MINUTE;
        changes.push({ t, resource: i, status: 'dispatched', district: target });
        changes.push({ t: onSite, resource: i, status: 'on_site', district: target });
        if (r.type === 'sandbag_pallet') break;
        if ((r.type === 'boat' || r.type === 'pump') && rng.chance(0.04)) {
          changes.push({
            t: onSite + rng.range(1, 5) * HOUR,
            resource: i,
            status: 'out_of_service',
            district: target,
          });
          break;
        }
        const leaves = onSite + 3 * HOUR * Math.exp(0.5 * rng.normal());
        const back = leaves + rng.range(20, 60) * MINUTE;
        changes.push({ t: leaves, resource: i, status: 'returning', district: target });
        changes.push({ t: back, resource: i, status: 'available', district: r.district });
        free = back + rng.range(0.5, 3) * HOUR;
      }
    });
    for (const c of changes) c.t = Math.floor(c.t / 1000) * 1000;
    this.#changes = changes.sort((a, b) => a.t - b.t || a.resource - b.resource);
    this.#lastTs = city.resources.map(() => Number.NEGATIVE_INFINITY);
    this.#truth = city.resources.map((r) => ({
      type: 'resource',
      resource_id: r.resource_id,
      resource_type: r.type,
      home_district: r.district,
      dispatches: 0,
      final_status: 'unknown',
      final_district: r.district,
    }));
  }

  /** Status changes with from ≤ ts < to. */
  advance(from: number, to: number, feed: Feed): void {
    while (this.#next < this.#changes.length && (this.#changes[this.#next] as Change).t < to) {
      const c = this.#changes[this.#next++] as Change;
      if (c.t < from) continue;
      const r = this.#resources[c.resource] as Resource;
      const msg: ResourceStatus = {
        resource_id: r.resource_id,
        ts: isoCstSeconds(c.t),
        type: r.type,
        status: c.status,
        district: c.district,
        quantity: r.quantity,
      };
      if (!feed.send(TOPIC, r.resource_id, JSON.stringify(msg), c.t + 1000 + this.#rng.next() * 30_000))
        continue;
      const truth = this.#truth[c.resource] as ResourceTruth;
      if (c.status === 'dispatched') truth.dispatches++;
      if (c.t >= (this.#lastTs[c.resource] as number)) {
        this.#lastTs[c.resource] = c.t;
        truth.final_status = c.status;
        truth.final_district = c.district;
      }
    }
  }

  truth(): ResourceTruth[] {
    return this.#truth;
  }
}
