/** Everything the detector keeps about one household: its two meters, its hours, its open alerts. */
import type { Alert, MeterKind } from '@onegrid/contracts';
import { type HouseholdInfo, isAtRisk, type Place, placeOf } from './alerts.ts';
import { MeterTrack } from './meter-track.ts';
import type { OfflineWatcher, WatchedMeter } from './offline.ts';
import type { RecentSlab } from './recent-slab.ts';
import { RingSlab } from './ring-slab.ts';
import { UsageRing } from './usage-ring.ts';
import { FlowRun, type FlowSlab } from './water-flow.ts';
import type { WaterProfile } from './water-profile.ts';

export interface HouseholdState<S> {
  id: string;
  place: Place;
  atRisk: boolean;
  water: MeterTrack | undefined;
  elec: MeterTrack | undefined;
  /** Its meters' ids: their own feeds' progress (MeterClock) is asked by id. */
  waterId: string | undefined;
  elecId: string | undefined;
  ring: UsageRing;
  flow: FlowRun;
  rule: S;
  inactivity: Alert | undefined;
  /**
   * The hour at which its newest inactivity alert resolved before a restart (the hour judged
   * active again, `ended_at`), NaN if none: the replay re-judges hours that alert covered and
   * must not open a second alert on them (issue 15 item 1).
   */
  inactivityEnded: number;
  waterRunning: Alert | undefined;
  waterRunningSince: number;
  /** Its water rhythm for water_running, and the day it was learnt. */
  waterProfile: WaterProfile | undefined;
  waterProfileDay: number;
  /** Last hour the inactivity rule judged: an hour waits (up to a bound) until both meters reported it. */
  judged: number;
  /**
   * The next hour to close for it while its meters' own feeds are behind the watermark (a source
   * partition held up upstream); NaN while it keeps pace (the detector's next hour).
   */
  behind: number;
}

export interface MeterState<S> extends WatchedMeter {
  household: HouseholdState<S>;
}

/**
 * A household whose ring is allocated in `rings` (the detector's slab, shared with its other
 * households), or, given a number of hours, a slab of its own; its water run likewise in `flows`;
 * its `place` shared with its neighbours' when given (household-table.ts), never changed.
 */
export function newHousehold<S>(
  info: HouseholdInfo,
  rings: RingSlab | number,
  rule: S,
  flows?: FlowSlab,
  place: Place = placeOf(info),
): HouseholdState<S> {
  const slab = typeof rings === 'number' ? new RingSlab(rings, 1) : rings;
  return {
    id: info.household_id,
    place,
    atRisk: isAtRisk(info),
    water: undefined,
    elec: undefined,
    waterId: undefined,
    elecId: undefined,
    ring: new UsageRing(slab.hours, slab),
    flow: new FlowRun(flows),
    rule,
    inactivity: undefined,
    inactivityEnded: Number.NaN,
    waterRunning: undefined,
    waterRunningSince: Number.NaN,
    judged: Number.NaN,
    behind: Number.NaN,
    waterProfile: undefined,
    waterProfileDay: Number.NaN,
  };
}

/**
 * A meter as the detector holds it: its track (its readings, in the detector's slab) and what it
 * belongs to in one object, not a track and a record pointing at it (issue 17: one object and its
 * fields less a meter).
 */
export class Meter<S> extends MeterTrack implements MeterState<S> {
  readonly id: string;
  readonly kind: MeterKind;
  readonly household: HouseholdState<S>;

  constructor(slab: RecentSlab, id: string, kind: MeterKind, household: HouseholdState<S>) {
    super(slab);
    this.id = id;
    this.kind = kind;
    this.household = household;
  }

  get householdId(): string {
    return this.household.id;
  }

  get place(): Place {
    return this.household.place;
  }

  get track(): MeterTrack {
    return this;
  }
}

/** The meter becomes its household's meter of its kind, and is watched for silence. */
export function attachMeter<S>(household: HouseholdState<S>, meter: Meter<S>, offline: OfflineWatcher): void {
  // One meter of each kind per household; a second one (a swap under a new id) takes over.
  if (meter.kind === 'water') {
    household.water = meter;
    household.waterId = meter.id;
  } else {
    household.elec = meter;
    household.elecId = meter.id;
  }
  offline.add(meter);
}
