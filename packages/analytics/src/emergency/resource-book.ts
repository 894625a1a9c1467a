import { type ResourceStatus, resourceState, toEpochMs } from '@onegrid/contracts';

/**
 * - `accepted`: the resource's status now;
 * - `duplicate`: the same status at the same time as the current one;
 * - `superseded`: older than the current status (or loses the tie-break): kept out, not an error;
 * - `unknown_id`: a district `isKnownDistrict` rejects: not applied.
 */
export type ResourceDisposition = 'accepted' | 'duplicate' | 'superseded' | 'unknown_id';

export type ResourceState = ResourceStatus['status'];
export const RESOURCE_STATES: readonly ResourceState[] = resourceState.options;

export interface ResourceBookOptions {
  readonly isKnownDistrict?: (code: string) => boolean;
}

interface Current {
  readonly status: ResourceStatus;
  readonly t: number;
  readonly position: number;
}

const rank = (s: ResourceState): number => RESOURCE_STATES.indexOf(s);

/**
 * At the same event time: the status later in the contract's list wins (out_of_service over
 * returning over on_site over dispatched over available: the less available reading), then the
 * greater district code, type and quantity. Any total order makes the result independent of
 * arrival order; this one errs towards not counting a resource as available.
 */
function wins(a: ResourceStatus, b: ResourceStatus): number {
  return (
    rank(a.status) - rank(b.status) ||
    (a.district === b.district ? 0 : a.district > b.district ? 1 : -1) ||
    (a.type === b.type ? 0 : a.type > b.type ? 1 : -1) ||
    a.quantity - b.quantity
  );
}

/** The latest status of every resource by event time (not by arrival). Pure; no I/O. */
export class ResourceBook {
  readonly #current = new Map<string, Current>();
  readonly #isKnownDistrict: ((code: string) => boolean) | undefined;
  #unknown = 0;

  constructor(options: ResourceBookOptions = {}) {
    this.#isKnownDistrict = options.isKnownDistrict;
  }

  /** Applies one decoded status; `position` (e.g. the Kafka offset) feeds `oldestNeededPosition`. */
  apply(r: ResourceStatus, position = Number.POSITIVE_INFINITY): ResourceDisposition {
    if (this.#isKnownDistrict && !this.#isKnownDistrict(r.district)) {
      this.#unknown++;
      return 'unknown_id';
    }
    const t = toEpochMs(r.ts);
    const current = this.#current.get(r.resource_id);
    if (current !== undefined) {
      if (t < current.t) return 'superseded';
      if (t === current.t) {
        const order = wins(r, current.status);
        if (order === 0) return 'duplicate';
        if (order < 0) return 'superseded';
      }
    }
    this.#current.set(r.resource_id, { status: r, t, position });
    return 'accepted';
  }

  /** The current status message of each resource. */
  current(): ResourceStatus[] {
    return [...this.#current.values()].map((c) => c.status);
  }

  get(resourceId: string): ResourceStatus | undefined {
    return this.#current.get(resourceId)?.status;
  }

  /** Quantities per type and status (every type seen, every status present, zero when none). */
  byType(): Record<string, Record<ResourceState, number>> {
    return this.#tally((s) => s.type);
  }

  /** Quantities per district (where the latest status puts it) and status. */
  byDistrict(): Record<string, Record<ResourceState, number>> {
    return this.#tally((s) => s.district);
  }

  #tally(key: (s: ResourceStatus) => string): Record<string, Record<ResourceState, number>> {
    const out: Record<string, Record<ResourceState, number>> = {};
    for (const { status } of this.#current.values()) {
      const k = key(status);
      out[k] ??= zeroStates();
      out[k][status.status] += status.quantity;
    }
    return out;
  }

  /** Statuses refused for an unknown district. */
  unknownDistricts(): number {
    return this.#unknown;
  }

  /**
   * The book is the latest status per resource, so replaying from the oldest of those
   * rebuilds it: the earliest event time the current state depends on.
   */
  oldestNeededTime(): number | undefined {
    let oldest: number | undefined;
    for (const c of this.#current.values()) if (oldest === undefined || c.t < oldest) oldest = c.t;
    return oldest;
  }

  /** Smallest `position` among the current statuses: replaying from it rebuilds the book. */
  oldestNeededPosition(): number | undefined {
    let oldest: number | undefined;
    for (const c of this.#current.values()) {
      if (Number.isFinite(c.position) && (oldest === undefined || c.position < oldest)) oldest = c.position;
    }
    return oldest;
  }

  /** Event time of the newest status held (the feed's `as_of`). */
  newestTime(): number | undefined {
    let newest: number | undefined;
    for (const c of this.#current.values()) if (newest === undefined || c.t > newest) newest = c.t;
    return newest;
  }
}

export function zeroStates(): Record<ResourceState, number> {
  return { available: 0, dispatched: 0, on_site: 0, returning: 0, out_of_service: 0 };
}
