/** Everything the detector keeps about one household: its two meters, its hours, its open alerts. */
import type { Alert, MeterKind } from '@onegrid/contracts';
import { type HouseholdInfo, isAtRisk, type Place, placeOf } from './alerts.ts';
import { MeterTrack } from './meter-track.ts';
import { NumberSlab } from './number-slab.ts';
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
  readonly waterId: string | undefined;
  readonly elecId: string | undefined;
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

/** Where a household's number fields are in its record (`NumberSlab`). */
const F = { inactivityEnded: 0, waterRunningSince: 1, judged: 2, behind: 3, waterProfileDay: 4 } as const;
/** Numbers a household's record holds. */
export const HOUSEHOLD_NUMBERS = 5;

/**
 * A household as the detector holds it: its number fields (NaN until set) in a record of the
 * detector's `NumberSlab`, not a heap number each (5 × 16 B and their slots: issue 17), and its
 * meters' ids read from its meters (they were kept twice).
 */
class Household<S> implements HouseholdState<S> {
  readonly id: string;
  readonly place: Place;
  atRisk: boolean;
  water: Meter<S> | undefined = undefined;
  elec: Meter<S> | undefined = undefined;
  readonly ring: UsageRing;
  readonly flow: FlowRun;
  readonly rule: S;
  inactivity: Alert | undefined = undefined;
  waterRunning: Alert | undefined = undefined;
  waterProfile: WaterProfile | undefined = undefined;
  readonly #v: Float64Array;
  readonly #at: number;

  constructor(
    info: HouseholdInfo,
    ring: UsageRing,
    flow: FlowRun,
    rule: S,
    place: Place,
    numbers: NumberSlab,
  ) {
    this.id = info.household_id;
    this.place = place;
    this.atRisk = isAtRisk(info);
    this.ring = ring;
    this.flow = flow;
    this.rule = rule;
    const { values, at } = numbers.allocate();
    this.#v = values;
    this.#at = at;
  }

  get waterId(): string | undefined {
    return this.water?.id;
  }

  get elecId(): string | undefined {
    return this.elec?.id;
  }

  get inactivityEnded(): number {
    return this.#v[this.#at + F.inactivityEnded] as number;
  }
  set inactivityEnded(x: number) {
    this.#v[this.#at + F.inactivityEnded] = x;
  }
  get waterRunningSince(): number {
    return this.#v[this.#at + F.waterRunningSince] as number;
  }
  set waterRunningSince(x: number) {
    this.#v[this.#at + F.waterRunningSince] = x;
  }
  get judged(): number {
    return this.#v[this.#at + F.judged] as number;
  }
  set judged(x: number) {
    this.#v[this.#at + F.judged] = x;
  }
  get behind(): number {
    return this.#v[this.#at + F.behind] as number;
  }
  set behind(x: number) {
    this.#v[this.#at + F.behind] = x;
  }
  get waterProfileDay(): number {
    return this.#v[this.#at + F.waterProfileDay] as number;
  }
  set waterProfileDay(x: number) {
    this.#v[this.#at + F.waterProfileDay] = x;
  }
}

/**
 * A household whose ring is allocated in `rings` (the detector's slab, shared with its other
 * households), or, given a number of hours, a slab of its own; its water run likewise in `flows`
 * and its number fields in `numbers`; its `place` shared with its neighbours' when given
 * (household-table.ts), never changed.
 */
export function newHousehold<S>(
  info: HouseholdInfo,
  rings: RingSlab | number,
  rule: S,
  flows?: FlowSlab,
  place: Place = placeOf(info),
  numbers: NumberSlab = new NumberSlab(HOUSEHOLD_NUMBERS),
): HouseholdState<S> {
  const slab = typeof rings === 'number' ? new RingSlab(rings, 1) : rings;
  return new Household(info, new UsageRing(slab.hours, slab), new FlowRun(flows), rule, place, numbers);
}

/**
 * A meter as the detector holds it: its track (its readings, in the detector's slab) and what it
 * belongs to in one object, not a track and a record pointing at it (issue 17: one object and its
 * fields less a meter). Its kind is a bit of the track's (`marked`: water), not a field.
 */
export class Meter<S> extends MeterTrack implements MeterState<S> {
  readonly id: string;
  readonly household: HouseholdState<S>;

  constructor(slab: RecentSlab, id: string, kind: MeterKind, household: HouseholdState<S>) {
    super(slab);
    this.id = id;
    this.household = household;
    this.marked = kind === 'water';
  }

  get kind(): MeterKind {
    return this.marked ? 'water' : 'electricity';
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
  if (meter.kind === 'water') household.water = meter;
  else household.elec = meter;
  offline.add(meter);
}
