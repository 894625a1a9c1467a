/**
 * The utility detector: meter readings in, `household_usage_hourly` rows and alerts out. Pure:
 * no I/O, no clock; event time comes from the readings and the caller's watermark.
 *
 * Contract with a stream operator:
 * - `onReading` takes each decoded reading (any order, repeats allowed); nothing is emitted.
 * - `advance(watermark)` walks the quarter hours up to the watermark: it consumes readings
 *   stamped up to each, turns them into intervals, closes each hour `settleMs` after its end
 *   (emits its rows, applies the inactivity rule), and checks silence and running water.
 *   Outputs carry deterministic ids (alerts) and versions (rows): a replay repeats them.
 * - `advanceSliced(watermark, over)` does the same work in slices (issue 17: learning every
 *   household's day at one hour's close held a processor's thread 8–20 s, and its group evicted
 *   it): it stops between two households' work once `over()` says the slice is spent, and
 *   `resume(over)` goes on exactly there. The outputs, once the last slice returns them, are
 *   those of one `advance`; nothing may be fed (`onReading`, another advance) before then, and
 *   `snapshot` and `oldestNeeded` throw CLOSE_PENDING meanwhile (a household's hour may be closed
 *   and its neighbour's not): the caller takes no commit or snapshot until the close is done, and
 *   none at all of a close it abandoned (a partition revoked mid-close).
 * - `oldestNeeded()` is what a commit must not pass: replaying from there rebuilds every open
 *   interval; closed hours come back through `seedHistory`, open alerts (and the newest resolved inactivity
 *   one, whose hours a replay may re-judge) through `restoreAlerts`.
 *   Each row says which readings it had taken in (`*_reading_through`), so a seeded hour skips
 *   the replayed readings it holds and still takes a late one it never saw.
 * - State is per household (both meters of a household must reach the same detector), plus a
 *   count of meters per grid for outages, which works on any subset of a grid's households.
 */
import { type Alert, type MeterReading, toEpochMs } from '@onegrid/contracts';
import type { HouseholdInfo } from './alerts.ts';
import { parseUtilityConfig, type UtilityConfig, type UtilityConfigInput } from './config.ts';
import { UtilityError } from './errors.ts';
import { HourCloser } from './hour-close.ts';
import type { HouseholdUsageHour, ReadingsTaken, SeedRow } from './hourly.ts';
import type { HouseholdState, MeterState } from './household.ts';
import { HouseholdTable } from './household-table.ts';
import { InactivityJudge } from './inactivity-judge.ts';
import { adoptLearntModels, encodeLearntModels, learntKey } from './learnt-models.ts';
import type { Interval, ReadingDisposition } from './meter-track.ts';
import { type MeterClock, OfflineWatcher } from './offline.ts';
import { type ResumePoint, resumePoint } from './resume-point.ts';
import type { InactivityRule } from './rule.ts';
import { seedHouseholdHours, seedHouseholdSnapshot } from './seed-history.ts';
import { encodeHouseholdSnapshot, readSnapshotHead, readSnapshotModels } from './snapshot.ts';
import { HOUR, hourIndex, MINUTE } from './time.ts';
import { ringHoursFor } from './usage-ring.ts';
import { checkWaterRunning } from './water-alert.ts';

/** `unknown_id`: the registry does not know the household (the code the decoder and the typhoon and ticket models use). */
export type ReadingOutcome = ReadingDisposition | 'unknown_id';

export interface DetectorDeps {
  /** The registry: a record with `contacts` may be passed, only non-personal fields are kept. */
  household: (id: string) => HouseholdInfo | undefined;
  /** Where each meter's own feed has got (see MeterClock); meter_offline judges silence against it. */
  meterClock?: MeterClock;
}

export interface DetectorFeatures {
  offline: boolean;
  waterRunning: boolean;
  hourly: boolean;
}

export interface AdvanceResult {
  alerts: Alert[];
  hourly: HouseholdUsageHour[];
}

/** Whether the caller's slice is spent (`advanceSliced`): asked after each household's or meter's work. */
export type SliceOver = () => boolean;

const STEP = 15 * MINUTE;
const NEVER: SliceOver = () => false;

export class HourlyDetector<S> {
  readonly config: UtilityConfig;
  readonly #rule: InactivityRule<S>;
  readonly #features: DetectorFeatures;
  /** Its households and meters, in shared slabs (household-table.ts). */
  readonly #table: HouseholdTable<S>;
  readonly #pending = new Set<MeterState<S>>();
  /** Households whose emitted hours took new readings in this step. */
  readonly #changed = new Set<HouseholdState<S>>();
  readonly #offline: OfflineWatcher;
  readonly #inactivity: InactivityJudge<S>;
  /** Closes hours, judges them and writes their rows (hour-close.ts). */
  readonly #closer: HourCloser<S>;
  /**
   * The meter `#consume` is walking and the households whose water flowed in this step, read by
   * the two callbacks below: made once, not two closures per pending meter and step (issue 17).
   */
  #consuming: MeterState<S> | undefined;
  readonly #flowing = new Set<HouseholdState<S>>();
  readonly #onInterval = (iv: Interval) => this.#apply(this.#consuming as MeterState<S>, iv, this.#flowing);
  readonly #onFirst = (ts: number) => this.#countFirst(this.#consuming as MeterState<S>, ts);
  /**
   * Whether a reading at or before `#step` waits. Each step consumes every reading up to it
   * (MeterTrack.consume), so one waits only if taken since, stamped at or before the step: a
   * flag set by `onReading`, where a watermark that does not move (most batches of a backlog,
   * the watermark moving a quarter at a time) scanned every pending meter (issue 17).
   */
  #behindStep = false;
  #watermark = Number.NEGATIVE_INFINITY;
  #step = Number.NaN;
  /** Next hour index to close. */
  #nextHour = Number.NaN;
  /** Its rule's and config's key: a snapshot's learnt models are taken only under the same (learnt-models.ts). */
  readonly #learntKey: number;
  /** A sliced close left for `resume`: the paused walk and the outputs it has gathered so far. */
  #paused: { readonly walk: Generator<void, void, void>; readonly out: AdvanceResult } | undefined;
  /** The slice's budget while a walk runs (`advanceSliced`, `resume`); never spent for `advance`. */
  #over: SliceOver = NEVER;

  constructor(
    rule: InactivityRule<S>,
    config: UtilityConfigInput,
    deps: DetectorDeps,
    features: DetectorFeatures,
  ) {
    this.config = parseUtilityConfig(config);
    this.#rule = rule;
    this.#learntKey = learntKey(rule.name, this.config);
    this.#features = features;
    this.#offline = new OfflineWatcher(this.config, deps.meterClock);
    const ringHours = ringHoursFor(this.config.historyDays);
    this.#table = new HouseholdTable(ringHours, deps.household, rule, this.#offline);
    this.#table.rings.storedPrecision = this.config.storedPrecision;
    this.#inactivity = new InactivityJudge(rule, this.config, deps.household);
    this.#closer = new HourCloser(
      this.config,
      this.#inactivity,
      deps.meterClock,
      rule,
      features.hourly,
      this.#changed,
    );
  }

  /**
   * `ts`: the reading's time in epoch ms when the caller has parsed it already (issue 17: once per
   * reading). `tag`: a number (0–65534) the caller keeps for the reading's meter, handed back to
   * its `meterClock` (the processor's source partition); −1: the meter's stays as it was.
   */
  onReading(reading: MeterReading, offset = -1, ts = toEpochMs(reading.ts), tag = -1): ReadingOutcome {
    if (this.#paused !== undefined) closePending('onReading');
    const meter = this.#table.meter(reading);
    if (!meter) return 'unknown_id';
    if (tag !== -1) meter.track.tag = tag;
    const previous = meter.track.lastSeenTs;
    // A meter with readings waiting is in `#pending` already (it leaves only once it has none):
    // the set is asked only for a meter's first waiting reading, not for every one (issue 17).
    const waiting = meter.track.hasPending();
    const outcome = meter.track.offer(ts, reading.reading, reading.reset === true, offset);
    if (outcome === 'accepted') {
      if (!waiting) this.#pending.add(meter);
      if (ts <= this.#step) this.#behindStep = true;
    }
    // A store-and-forward batch is silence as it arrived, not as its readings fill it (offline.ts).
    if (this.#features.offline && ts > previous) this.#offline.arrived(meter, previous, ts, this.#watermark);
    return outcome;
  }

  advance(watermark: number): AdvanceResult {
    return this.advanceSliced(watermark, NEVER) as AdvanceResult;
  }

  /**
   * `advance`, stopped once `over()` is true after some household's or meter's work: undefined
   * then, and `resume` goes on (see the contract above). Each slice does at least one unit of work.
   */
  advanceSliced(watermark: number, over: SliceOver): AdvanceResult | undefined {
    if (this.#paused !== undefined) closePending('advance');
    const out: AdvanceResult = { alerts: [], hourly: [] };
    this.#paused = { walk: this.#walk(watermark, out), out };
    return this.resume(over);
  }

  /** Goes on with a sliced close: its outputs once it is done, undefined while work is left. */
  resume(over: SliceOver): AdvanceResult | undefined {
    const paused = this.#paused;
    if (paused === undefined) return { alerts: [], hourly: [] };
    this.#over = over;
    let done: boolean;
    try {
      done = paused.walk.next().done === true;
    } catch (error) {
      // Not resumable: the next call starts afresh rather than finding a walk that threw.
      this.#paused = undefined;
      throw error;
    } finally {
      this.#over = NEVER;
    }
    if (!done) return undefined;
    this.#paused = undefined;
    return paused.out;
  }

  /** Whether a sliced close waits for `resume`. */
  pending(): boolean {
    return this.#paused !== undefined;
  }

  /** The work of one `advance`, as a walk that pauses where `#over` says (hence a generator). */
  *#walk(watermark: number, out: AdvanceResult): Generator<void, void, void> {
    const over = () => this.#over();
    if (!(watermark > this.#watermark)) {
      // Readings behind a watermark that no longer moves (a source released as idle, then heard
      // from again at the end of the data) would otherwise wait for the next step, which may never come.
      if (this.#behindStep) yield* this.#consume(this.#step, out, over);
      // A held-up source that spoke again moves its households' own clocks, not the watermark.
      if (this.#closer.behind.size > 0)
        yield* this.#closer.closeBehind(this.#nextHour, this.#step, out, over);
      return;
    }
    if (Number.isNaN(this.#step)) {
      // Start from the oldest reading waiting, not from the watermark: a detector that starts on
      // a backlog (a fresh group behind a fast producer, a replay) may first hear of a
      // watermark hours after its first readings, and every hour before it would never close.
      const from = Math.min(watermark, this.#oldestPendingTs());
      this.#step = Math.floor(from / STEP) * STEP - STEP;
      this.#nextHour = hourIndex(this.#step - this.config.settleMs) - 1;
    }
    for (let t = this.#step + STEP; t <= watermark; t += STEP) {
      yield* this.#stepTo(t, out, over);
      this.#step = t;
    }
    this.#watermark = watermark;
  }

  #oldestPendingTs(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const meter of this.#pending) oldest = Math.min(oldest, meter.track.oldestPendingTs() ?? oldest);
    return oldest;
  }

  /**
   * Stored hourly rows (e.g. the last weeks of `household_usage_hourly`): history to learn from,
   * holding the readings up to `taken` (unknown: every reading, the hours are final).
   */
  seedHistory(householdId: string, rows: readonly SeedRow[], taken?: ReadingsTaken): number {
    const household = this.#table.household(householdId);
    if (!household) return 0;
    return seedHouseholdHours(householdId, household.ring, rows, taken, this.config.minReadingsPerHour);
  }

  /**
   * A household's snapshot (snapshot.ts): its closed hours over the learning window and what they
   * had taken in, at `version` (the step: every row emitted so far is at or below it, every later
   * one at or above). Undefined for a household the detector does not hold.
   */
  snapshot(householdId: string): { bytes: Uint8Array; version: number } | undefined {
    // Mid-close some households' hours are closed and their rows not yet emitted: a snapshot then
    // holds readings taken whose rows are never written, and a restore from it loses that hour.
    if (this.#paused !== undefined) closePending('snapshot');
    const household = this.#table.households.get(householdId);
    if (!household) return undefined;
    // The whole ring, not `historyDays`: the rules learn from its oldest days too (`heldFrom`), and a
    // detector restored from fewer hours learnt otherwise and raised other alerts (review, session 15).
    const bytes = encodeHouseholdSnapshot(
      household,
      this.#next(household) - 1,
      ringHoursFor(this.config.historyDays),
      this.config.minReadingsPerHour,
      encodeLearntModels(household, this.#rule, this.#learntKey),
    );
    return { bytes, version: Number.isFinite(this.#step) ? this.#step : 0 };
  }

  /**
   * Seeds a household from its snapshot, then from the rows stored after it (`newer`, at or
   * above its version), as `seedHistory` would from all of them. `taken`: the newer rows' marks;
   * `fromHour`: the oldest hour index to take (the rows path's window).
   * Throws INVALID_SNAPSHOT, with nothing seeded, for bytes this version cannot read: those not
   * accepted by `checkHouseholdSnapshot` are checked first. The restore checks each snapshot as it
   * loads it and reads the rows of one that fails instead, so seeding walks its bytes once more,
   * not twice.
   */
  seedSnapshot(
    householdId: string,
    bytes: Uint8Array,
    newer: readonly SeedRow[],
    taken?: ReadingsTaken,
    fromHour = Number.NEGATIVE_INFINITY,
  ): number {
    const household = this.#table.household(householdId);
    if (!household) return 0;
    const { minReadingsPerHour } = this.config;
    const n = seedHouseholdSnapshot(
      householdId,
      household.ring,
      bytes,
      newer,
      taken,
      minReadingsPerHour,
      fromHour,
    );
    // What the rules learnt for the snapshot's day, when its hours were taken: the day is judged
    // with them, as the writer judged it (a relearn would read hours a late batch changed since).
    const head = readSnapshotHead(bytes);
    const models = head.count > 0 && head.newest >= fromHour ? readSnapshotModels(bytes, head) : undefined;
    if (models)
      adoptLearntModels(household, this.#rule, this.#learntKey, models, this.config.maxQuietHours + 1);
    return n;
  }

  /**
   * Alerts still open when the previous owner stopped (latest status per alert_id = open), and
   * each household's newest resolved `utility_inactivity` alert: the replay may re-judge hours it
   * covered, and opens no second alert on them (issue 15 item 1). Other resolved ones are ignored.
   */
  restoreAlerts(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      if (alert.status === 'resolved') {
        this.#restoreResolved(alert);
        continue;
      }
      if (alert.status !== 'open') continue;
      // A meter's or a grid's: its subject is no household (one made of it wrote rows of its own).
      if (alert.type === 'meter_offline') {
        this.#offline.restore(alert);
        continue;
      }
      const household = this.#table.household(alert.subject);
      if (alert.type === 'utility_inactivity' && household) household.inactivity = alert;
      if (alert.type === 'water_running' && household) {
        household.waterRunning = alert;
        household.waterRunningSince = toEpochMs(alert.since);
        household.flow.resume(household.waterRunningSince);
      }
    }
  }

  #restoreResolved(alert: Alert): void {
    const household = this.#table.household(alert.subject);
    const ended = alert.evidence.ended_at;
    if (alert.type !== 'utility_inactivity' || !household || typeof ended !== 'string') return;
    const hour = hourIndex(Date.parse(ended));
    // An unreadable end guards nothing (and must not replace a readable one).
    if (Number.isNaN(hour)) return;
    if (!(hour <= household.inactivityEnded)) household.inactivityEnded = hour;
  }

  /**
   * Whether the caller marked the household (`markSeen`): false for one the detector does not
   * hold. The processor's model takes a household's restart state at its first reading.
   */
  seen(householdId: string): boolean {
    return this.#table.households.get(householdId)?.seen === true;
  }

  /** Marks the household seen (`seen`), if the detector holds it: false if it does not. */
  markSeen(householdId: string): boolean {
    const household = this.#table.households.get(householdId);
    if (household === undefined) return false;
    household.seen = true;
    return true;
  }

  /** What a commit must not pass (see resume-point.ts). */
  oldestNeeded(): ResumePoint | undefined {
    // Mid-close, the households already closed no longer need what their neighbours still do.
    if (this.#paused !== undefined) closePending('oldestNeeded');
    return resumePoint(
      this.#table.meters.values(),
      (m) => this.#next(m.household),
      this.#watermark,
      this.config.maxGapMs,
      this.config.waterRunningMaxIntervalMs,
    );
  }

  oldestNeededTime(): number | undefined {
    return this.oldestNeeded()?.time;
  }

  /**
   * Households by the inactivity model judging them now (`learnt`: their own rhythm; `default`:
   * the fallback before enough history), for the share on each model.
   */
  models(): Record<string, number> {
    const counts: Record<string, number> = {};
    const model = this.#rule.model;
    if (!model) return counts;
    for (const h of this.#table.households.values()) {
      const m = model(h.rule);
      counts[m] = (counts[m] ?? 0) + 1;
    }
    return counts;
  }

  /** Sizes, for metrics: state grows with households × historyDays. */
  stats(): {
    households: number;
    meters: number;
    openAlerts: number;
    approxBytes: number;
    outOfScopeHours: number;
  } {
    let open = this.#offline.openCount();
    for (const h of this.#table.households.values())
      open += (h.inactivity ? 1 : 0) + (h.waterRunning ? 1 : 0);
    const { households, meters } = this.#table;
    return {
      households: households.size,
      meters: meters.size,
      openAlerts: open,
      approxBytes: this.#table.approxBytes(),
      outOfScopeHours: this.#inactivity.outOfScope,
    };
  }

  *#stepTo(t: number, out: AdvanceResult, over: SliceOver): Generator<void, void, void> {
    yield* this.#consume(t, out, over);
    // One unit of work: a look at each meter, no learning (milliseconds for a partition's 84k meters).
    if (this.#features.offline) {
      this.#offline.check(this.#table.meters.values(), t, out.alerts);
      if (over()) yield;
    }
    while ((this.#nextHour + 1) * HOUR + this.config.settleMs <= t) {
      yield* this.#closer.closeHour(this.#table.households.values(), this.#nextHour, t, out, over);
      this.#nextHour++;
    }
    if (this.#closer.behind.size > 0) yield* this.#closer.closeBehind(this.#nextHour, t, out, over);
  }

  /** The next hour to close for `h`: the watermark's, or its own while its meters' feeds are behind. */
  #next(h: HouseholdState<S>): number {
    return Number.isNaN(h.behind) ? this.#nextHour : h.behind;
  }

  /**
   * Consumes the readings stamped up to `t`, and writes the closed hours they changed. Pauses
   * after a meter's or a household's work when `over()` says so (`#walk`).
   */
  *#consume(t: number, out: AdvanceResult, over: SliceOver): Generator<void, void, void> {
    const flowing = this.#flowing;
    // Every reading up to `t` is consumed below, and `t` is the step or the next one.
    this.#behindStep = false;
    for (const meter of this.#pending) {
      this.#consuming = meter;
      meter.track.consume(t, this.#onInterval, this.#onFirst);
      if (!meter.track.hasPending()) this.#pending.delete(meter);
      if (over()) {
        this.#consuming = undefined;
        yield;
      }
    }
    this.#consuming = undefined;
    // Hours a late batch completed are judged now (an alert it opens marks rows to write again)…
    // (h is in #changed already: whatever catchUp marks is re-emitted just below).
    for (const h of this.#changed) {
      this.#inactivity.catchUp(h, this.#next(h), t, out.alerts);
      if (over()) yield;
    }
    // …and emitted at once, not with the next hour: a commit may pass the readings that changed them.
    for (const h of this.#changed) {
      this.#closer.reemit(h, this.#next(h), t, out);
      if (over()) yield;
    }
    this.#changed.clear();
    if (this.#features.waterRunning)
      for (const h of flowing) {
        checkWaterRunning(h, t, this.config, out.alerts);
        if (over()) yield;
      }
    flowing.clear();
  }

  /**
   * A meter's first reading starts no interval but still fell in its hour. A closed hour takes
   * it too (a meter whose first readings came in a late batch), and is emitted again. After a
   * restart the first reading replayed may lie in an hour seeded from the store that counted it
   * already: `count` adds to a seeded hour only the readings it had not taken.
   */
  #countFirst(meter: MeterState<S>, ts: number): void {
    const h = meter.household;
    h.ring.count(meter.kind, ts);
    if (Math.ceil(ts / HOUR) - 1 < this.#next(h)) this.#changed.add(h);
  }

  #apply(meter: MeterState<S>, iv: Interval, flowing: Set<HouseholdState<S>>): void {
    const h = meter.household;
    if (Number.isFinite(iv.usage)) {
      h.ring.spread(meter.kind, iv.from, iv.to, iv.usage);
      if (iv.role === undefined) h.ring.count(meter.kind, iv.to);
      if (iv.from < this.#next(h) * HOUR) this.#changed.add(h);
    }
    // A late reading's split is history: the run of water is followed on live intervals only.
    if (meter.kind === 'water' && this.#features.waterRunning && iv.role === undefined) {
      h.flow.onInterval(iv, this.config, h.ring.seededThroughOf('water'));
      flowing.add(h);
    }
  }
}

/** A sliced close is under way: feeding the detector now would change what it decides. */
function closePending(what: string): never {
  throw new UtilityError(
    'CLOSE_PENDING',
    `${what} while a sliced close is pending: resume it until it returns its outputs first`,
  );
}
