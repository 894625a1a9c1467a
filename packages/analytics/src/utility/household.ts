/** Everything the detector keeps about one household: its two meters, its hours, its open alerts. */
import type { Alert, MeterKind } from '@onegrid/contracts';
import { type HouseholdInfo, isAtRisk, type Place, placeOf } from './alerts.ts';
import type { UtilityConfig } from './config.ts';
import type { Interval } from './meter-track.ts';
import { MeterTrack } from './meter-track.ts';
import { NumberSlab } from './number-slab.ts';
import type { OfflineWatcher, WatchedMeter } from './offline.ts';
import type { RecentSlab } from './recent-slab.ts';
import { RingSlab } from './ring-slab.ts';
import { UsageRing } from './usage-ring.ts';
import { type FlowRun, FlowSlab, flowsIn, type WaterRun } from './water-flow.ts';
import type { WaterProfile } from './water-profile.ts';

export interface HouseholdState<S> {
  id: string;
  place: Place;
  atRisk: boolean;
  /**
   * Its caller's mark (detector.ts `markSeen`): the processor's model sets it once it has taken
   * the household's restart state, where a set of the households seen held a string each.
   */
  seen: boolean;
  water: MeterTrack | undefined;
  elec: MeterTrack | undefined;
  /** Its meters' ids (a MeterClock is asked with the id and the meter's tag; the processor reads the tag). */
  readonly waterId: string | undefined;
  readonly elecId: string | undefined;
  ring: UsageRing;
  /** Its run of water (water-flow.ts). */
  readonly flow: WaterRun;
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
 * Where a household's number fields are in its record (`NumberSlab`): the last two its run of
 * water's end and last flow (FlowRun's marks: they outlive a run, resume-point.ts and the
 * water_running alert's pause read them while no water runs).
 */
const F = {
  inactivityEnded: 0,
  waterRunningSince: 1,
  judged: 2,
  behind: 3,
  waterProfileDay: 4,
  flowEnd: 5,
  lastFlowTo: 6,
  /**
   * Flags, a number, not fields of the object: bit 0 at risk (`isAtRisk` of its registry
   * record), bit 1 `seen`.
   */
  atRisk: 7,
} as const;
/** Numbers a household's record holds. */
export const HOUSEHOLD_NUMBERS = 8;

/** Its open alerts, an object only while one is open (most households have none). */
interface OpenAlerts {
  inactivity: Alert | undefined;
  waterRunning: Alert | undefined;
}

/**
 * The `FlowSlab` of the households whose numbers are in a `NumberSlab` chunk (a detector's table
 * gives its households one of each): a run is taken from it only when water starts to run, so a
 * look-up then, not a field of every household.
 */
const flowSlabs = new WeakMap<Float64Array, FlowSlab>();

/**
 * A household as the detector holds it: its number fields (NaN until set) in a record of the
 * detector's `NumberSlab`, not a heap number each (5 × 16 B and their slots: issue 17), and its
 * meters' ids read from its meters (they were kept twice). It answers for its run of water
 * (`flow` is itself): a `FlowRun` of the detector's `FlowSlab` only while water runs (session
 * 19: the run object and its record, 184 B, were every household's), its end and last flow in
 * its record; while none runs it reads as an idle run does. Its open alerts are one object only
 * while one is open, and whether it is at risk a number of its record (session 19: 14 fields to
 * 11).
 */
class Household<S> implements HouseholdState<S>, WaterRun {
  readonly id: string;
  readonly place: Place;
  water: Meter<S> | undefined = undefined;
  elec: Meter<S> | undefined = undefined;
  readonly ring: UsageRing;
  #run: FlowRun | undefined = undefined;
  readonly rule: S;
  #alerts: OpenAlerts | undefined = undefined;
  waterProfile: WaterProfile | undefined = undefined;
  readonly #v: Float64Array;
  readonly #at: number;

  constructor(
    info: HouseholdInfo,
    ring: UsageRing,
    flows: FlowSlab | undefined,
    rule: S,
    place: Place,
    numbers: NumberSlab,
  ) {
    this.id = info.household_id;
    this.place = place;
    this.ring = ring;
    this.rule = rule;
    const { values, at } = numbers.allocate();
    this.#v = values;
    this.#at = at;
    // Its runs come from its number chunk's flow slab: the one given, else the chunk's (its
    // first household's, or a new one), so households sharing numbers share runs however made.
    const known = flowSlabs.get(values);
    if (known === undefined) flowSlabs.set(values, flows ?? new FlowSlab());
    else if (flows !== undefined && known !== flows)
      throw new Error('households of one number slab with two flow slabs');
    this.atRisk = isAtRisk(info);
  }

  get atRisk(): boolean {
    return ((this.#v[this.#at + F.atRisk] as number) & 1) === 1;
  }
  set atRisk(x: boolean) {
    // NaN until first set (the constructor): read as no flag.
    this.#v[this.#at + F.atRisk] = ((this.#v[this.#at + F.atRisk] as number) & ~1) | (x ? 1 : 0);
  }

  get seen(): boolean {
    return ((this.#v[this.#at + F.atRisk] as number) & 2) !== 0;
  }
  set seen(x: boolean) {
    this.#v[this.#at + F.atRisk] = ((this.#v[this.#at + F.atRisk] as number) & ~2) | (x ? 2 : 0);
  }

  get inactivity(): Alert | undefined {
    return this.#alerts?.inactivity;
  }
  set inactivity(x: Alert | undefined) {
    this.#setAlerts(x, this.waterRunning);
  }
  get waterRunning(): Alert | undefined {
    return this.#alerts?.waterRunning;
  }
  set waterRunning(x: Alert | undefined) {
    this.#setAlerts(this.inactivity, x);
  }

  #setAlerts(inactivity: Alert | undefined, waterRunning: Alert | undefined): void {
    if (inactivity === undefined && waterRunning === undefined) this.#alerts = undefined;
    else if (this.#alerts === undefined) this.#alerts = { inactivity, waterRunning };
    else {
      this.#alerts.inactivity = inactivity;
      this.#alerts.waterRunning = waterRunning;
    }
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

  // ---- its run of water (WaterRun) ----

  get flow(): WaterRun {
    return this;
  }

  /** Its run, taken from the slab for water that starts to run. */
  #running(): FlowRun {
    this.#run ??= (flowSlabs.get(this.#v) as FlowSlab).acquire(this.#v, this.#at + F.flowEnd);
    return this.#run;
  }

  /** Back to the slab once water stops (its marks stay in the record). */
  #settle(): void {
    const run = this.#run;
    if (run?.idle) {
      (flowSlabs.get(this.#v) as FlowSlab).release(run);
      this.#run = undefined;
    }
  }

  onInterval(iv: Interval, config: UtilityConfig, seenThrough = Number.NaN): void {
    // No run and no flow: an idle run's whole change is its end (FlowRun.onInterval).
    if (this.#run === undefined && !flowsIn(iv, config)) {
      this.end = iv.to;
      return;
    }
    this.#running().onInterval(iv, config, seenThrough);
    this.#settle();
  }

  resume(since: number): void {
    this.#running().resume(since);
  }

  get start(): number {
    return this.#run === undefined ? Number.NaN : this.#run.start;
  }
  set start(x: number) {
    this.#running().start = x;
    this.#settle();
  }
  get end(): number {
    return this.#v[this.#at + F.flowEnd] as number;
  }
  set end(x: number) {
    this.#v[this.#at + F.flowEnd] = x;
  }
  get lastFlowTo(): number {
    return this.#v[this.#at + F.lastFlowTo] as number;
  }
  set lastFlowTo(x: number) {
    this.#v[this.#at + F.lastFlowTo] = x;
  }
  get volume(): number {
    return this.#run === undefined ? 0 : this.#run.volume;
  }
  set volume(x: number) {
    this.#running().volume = x;
    this.#settle();
  }
  get highStart(): number {
    return this.#run === undefined ? Number.NaN : this.#run.highStart;
  }
  get tailStart(): number {
    return this.#run === undefined ? Number.NaN : this.#run.tailStart;
  }
  get intervals(): number {
    return this.#run === undefined ? 0 : this.#run.intervals;
  }
  tailDuration(): number {
    return this.#run === undefined ? 0 : this.#run.tailDuration();
  }
  tailRate(): number {
    return this.#run === undefined ? Number.NaN : this.#run.tailRate();
  }
  rateCv(): number {
    return this.#run === undefined ? Number.NaN : this.#run.rateCv();
  }
  highCv(): number {
    return this.#run === undefined ? Number.NaN : this.#run.highCv();
  }
  highDuration(): number {
    return this.#run === undefined ? 0 : this.#run.highDuration();
  }
  duration(): number {
    return this.#run === undefined ? 0 : this.#run.duration();
  }
  flowM3h(): number {
    return this.#run === undefined ? 0 : this.#run.flowM3h();
  }
}

/**
 * A household whose ring is allocated in `rings` (the detector's slab, shared with its other
 * households), or, given a number of hours, a slab of its own; its number fields likewise in
 * `numbers`, and its water runs in `flows`, or, not given, in the flow slab of its numbers'
 * chunk (made with the chunk's first household): households given one `numbers` and no `flows`
 * share one (review of session 19: each made its own, and the second threw). Its `place` shared
 * with its neighbours' when given (household-table.ts), never changed.
 */
export function newHousehold<S>(
  info: HouseholdInfo,
  rings: RingSlab | number,
  rule: S,
  flows?: FlowSlab,
  place: Place = placeOf(info),
  numbers?: NumberSlab,
): HouseholdState<S> {
  const slab = typeof rings === 'number' ? new RingSlab(rings, 1) : rings;
  // Numbers of its own: a run of its own too (one record, not a chunk of them).
  const own = numbers === undefined;
  return new Household(
    info,
    new UsageRing(slab.hours, slab),
    flows ?? (own ? new FlowSlab(1) : undefined),
    rule,
    place,
    numbers ?? new NumberSlab(HOUSEHOLD_NUMBERS),
  );
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
