/** Everything the detector keeps about one household: its two meters, its hours, its open alerts. */
import type { Alert } from '@onegrid/contracts';
import { type HouseholdInfo, isAtRisk, type Place, placeOf } from './alerts.ts';
import type { MeterTrack } from './meter-track.ts';
import type { OfflineWatcher, WatchedMeter } from './offline.ts';
import { RingSlab } from './ring-slab.ts';
import { UsageRing } from './usage-ring.ts';
import { FlowRun } from './water-flow.ts';
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
 * households), or, given a number of hours, a slab of its own.
 */
export function newHousehold<S>(info: HouseholdInfo, rings: RingSlab | number, rule: S): HouseholdState<S> {
  const slab = typeof rings === 'number' ? new RingSlab(rings, 1) : rings;
  return {
    id: info.household_id,
    place: placeOf(info),
    atRisk: isAtRisk(info),
    water: undefined,
    elec: undefined,
    waterId: undefined,
    elecId: undefined,
    ring: new UsageRing(slab.hours, slab),
    flow: new FlowRun(),
    rule,
    inactivity: undefined,
    waterRunning: undefined,
    waterRunningSince: Number.NaN,
    judged: Number.NaN,
    behind: Number.NaN,
    waterProfile: undefined,
    waterProfileDay: Number.NaN,
  };
}

export function attachMeter<S>(
  household: HouseholdState<S>,
  id: string,
  kind: 'water' | 'electricity',
  track: MeterTrack,
  offline: OfflineWatcher,
): MeterState<S> {
  // One meter of each kind per household; a second one (a swap under a new id) takes over.
  if (kind === 'water') {
    household.water = track;
    household.waterId = id;
  } else {
    household.elec = track;
    household.elecId = id;
  }
  const meter: MeterState<S> = {
    id,
    householdId: household.id,
    kind,
    place: household.place,
    track,
    household,
  };
  offline.add(meter);
  return meter;
}
