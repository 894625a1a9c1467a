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
 * - `oldestNeeded()` is what a commit must not pass: replaying from there rebuilds every open
 *   interval; closed hours come back through `seedHistory`, open alerts through `restoreAlerts`.
 *   Each row says which readings it had taken in (`*_reading_through`), so a seeded hour skips
 *   the replayed readings it holds and still takes a late one it never saw.
 * - State is per household (both meters of a household must reach the same detector), plus a
 *   count of meters per grid for outages, which works on any subset of a grid's households.
 */
import { type Alert, type MeterReading, toEpochMs } from '@onegrid/contracts';
import { type HouseholdInfo, inInactivityScope, isAtRisk, openAlert, resolveAlert } from './alerts.ts';
import { parseUtilityConfig, type UtilityConfig, type UtilityConfigInput } from './config.ts';
import { UtilityError } from './errors.ts';
import {
  type HouseholdUsageHour,
  type ReadingsTaken,
  type SeedRow,
  seedHourMs,
  seedRowSchema,
} from './hourly.ts';
import { attachMeter, type HouseholdState, type MeterState, newHousehold } from './household.ts';
import { type Interval, MeterTrack, type ReadingDisposition } from './meter-track.ts';
import { type MeterClock, OfflineWatcher } from './offline.ts';
import type { InactivityRule } from './rule.ts';
import { HOUR, hourIndex, isoCst, MINUTE } from './time.ts';
import { SLOT } from './usage-ring.ts';
import { learnWaterProfile, type WaterProfile } from './water-profile.ts';
import { judgeRun } from './water-running.ts';

export type ReadingOutcome = ReadingDisposition | 'unknown_household';

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

const STEP = 15 * MINUTE;
/** Hours an hour's judgement waits for a meter's store-and-forward batch; then it is judged as it is. */
const JUDGE_WAIT_HOURS = 8;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export class HourlyDetector<S> {
  readonly config: UtilityConfig;
  readonly #rule: InactivityRule<S>;
  readonly #deps: DetectorDeps;
  /** Closed hours at which the rule fired on a household outside the inactivity scope (no alert). */
  #outOfScope = 0;
  readonly #features: DetectorFeatures;
  readonly #households = new Map<string, HouseholdState<S>>();
  readonly #meters = new Map<string, MeterState<S>>();
  readonly #pending = new Set<MeterState<S>>();
  /** Households whose emitted hours took new readings in this step. */
  readonly #changed = new Set<HouseholdState<S>>();
  readonly #offline: OfflineWatcher;
  #watermark = Number.NEGATIVE_INFINITY;
  #step = Number.NaN;
  /** Next hour index to close. */
  #nextHour = Number.NaN;

  constructor(
    rule: InactivityRule<S>,
    config: UtilityConfigInput,
    deps: DetectorDeps,
    features: DetectorFeatures,
  ) {
    this.config = parseUtilityConfig(config);
    this.#rule = rule;
    this.#deps = deps;
    this.#features = features;
    this.#offline = new OfflineWatcher(this.config, deps.meterClock);
  }

  onReading(reading: MeterReading, offset = -1): ReadingOutcome {
    const meter = this.#meters.get(reading.meter_id) ?? this.#addMeter(reading);
    if (!meter) return 'unknown_household';
    const outcome = meter.track.offer(toEpochMs(reading.ts), reading.reading, reading.reset === true, offset);
    if (outcome === 'accepted') this.#pending.add(meter);
    return outcome;
  }

  advance(watermark: number): AdvanceResult {
    const out: AdvanceResult = { alerts: [], hourly: [] };
    if (!(watermark > this.#watermark)) {
      // Readings behind a watermark that no longer moves (a source released as idle, then heard
      // from again at the end of the data) would otherwise wait for the next step, which may never come.
      if (this.#oldestPendingTs() <= this.#step) this.#consume(this.#step, out);
      return out;
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
      this.#stepTo(t, out);
      this.#step = t;
    }
    this.#watermark = watermark;
    return out;
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
    const household = this.#household(householdId);
    if (!household) return 0;
    const { ring } = household;
    ring.seededThrough.water = taken?.water ?? Number.POSITIVE_INFINITY;
    ring.seededThrough.electricity = taken?.electricity ?? Number.POSITIVE_INFINITY;
    for (const raw of rows) {
      const parsed = seedRowSchema.safeParse(raw);
      const at = parsed.success ? seedHourMs(parsed.data) : Number.NaN;
      if (!parsed.success || !Number.isFinite(at)) {
        throw new UtilityError(
          'INVALID_SEED_ROW',
          `household ${householdId}: ${JSON.stringify(raw).slice(0, 200)}`,
          {
            cause: parsed.error,
          },
        );
      }
      const r = parsed.data;
      ring.seed(hourIndex(at), r.water_m3, r.electricity_kwh, r.water_readings, r.electricity_readings);
      const s = ring.at(hourIndex(at));
      const min = this.config.minReadingsPerHour;
      if (s >= 0 && r.water_readings >= min && r.electricity_readings >= min) ring.mark(s, SLOT.observed);
      // An hour of an inactivity alert stays out of learning after a restart too.
      if (s >= 0 && r.in_alert === 1) ring.mark(s, SLOT.excluded);
    }
    return rows.length;
  }

  /** Alerts still open when the previous owner stopped (latest status per alert_id = open). */
  restoreAlerts(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      if (alert.status !== 'open') continue;
      if (alert.type === 'meter_offline') this.#offline.restore(alert);
      const household = this.#household(alert.subject);
      if (alert.type === 'utility_inactivity' && household) household.inactivity = alert;
      if (alert.type === 'water_running' && household) {
        household.waterRunning = alert;
        household.waterRunningSince = toEpochMs(alert.since);
        household.flow.resume(household.waterRunningSince);
      }
    }
  }

  /**
   * The oldest reading open state still needs, as event time and input offset: per meter, the
   * reading that starts the interval crossing into the oldest hour not yet closed, and any
   * reading not yet consumed. Meters silent longer than `maxGapMs` do not hold it back.
   */
  oldestNeeded(): { time: number; offset: number | undefined } | undefined {
    const boundary = this.#nextHour * HOUR;
    const horizon = this.#watermark - this.config.maxGapMs;
    let time: number | undefined;
    let offset: number | undefined;
    for (const m of this.#meters.values()) {
      if (m.track.lastSeenTs < horizon) continue;
      const c = Number.isNaN(boundary) ? undefined : m.track.consumedAtOrBefore(boundary);
      // A meter with nothing consumed yet (its first readings wait for the watermark) needs
      // them all: without this, commits in a stream's first half hour passed them.
      let t = c?.ts ?? (Number.isFinite(m.track.anchorTs) ? m.track.anchorTs : m.track.oldestPendingTs());
      // A run of water under way is replayed from its start, so a rebuilt detector dates it
      // (and names its alert) as before; runs older than the gap bound are left to the restored alert.
      const run = m.kind === 'water' ? m.household.flow.start : Number.NaN;
      if (run >= horizon && (t === undefined || run < t)) t = run;
      if (t !== undefined && Number.isFinite(t) && (time === undefined || t < time)) time = t;
      for (const o of [c?.offset, m.track.oldestPendingOffset()]) {
        if (o !== undefined && o >= 0 && (offset === undefined || o < offset)) offset = o;
      }
    }
    return time === undefined ? undefined : { time, offset };
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
    for (const h of this.#households.values()) {
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
    for (const h of this.#households.values()) open += (h.inactivity ? 1 : 0) + (h.waterRunning ? 1 : 0);
    const ringBytes = this.config.historyDays * 24 * 11 + 48 * 11;
    return {
      households: this.#households.size,
      meters: this.#meters.size,
      openAlerts: open,
      approxBytes: this.#households.size * (ringBytes + 700) + this.#meters.size * 400,
      outOfScopeHours: this.#outOfScope,
    };
  }

  #household(id: string): HouseholdState<S> | undefined {
    const known = this.#households.get(id);
    if (known) return known;
    const info = this.#deps.household(id);
    if (!info) return undefined;
    const household = newHousehold(info, (this.config.historyDays + 2) * 24, this.#rule.init());
    this.#households.set(id, household);
    return household;
  }

  #addMeter(reading: MeterReading): MeterState<S> | undefined {
    const household = this.#household(reading.household_id);
    if (!household) return undefined;
    const meter = attachMeter(household, reading.meter_id, reading.kind, new MeterTrack(), this.#offline);
    this.#meters.set(reading.meter_id, meter);
    return meter;
  }

  #stepTo(t: number, out: AdvanceResult): void {
    this.#consume(t, out);
    if (this.#features.offline) this.#offline.check(this.#meters.values(), t, out.alerts);
    while ((this.#nextHour + 1) * HOUR + this.config.settleMs <= t) {
      this.#closeHour(this.#nextHour, t, out);
      this.#nextHour++;
    }
  }

  /** Consumes the readings stamped up to `t`, and writes the closed hours they changed. */
  #consume(t: number, out: AdvanceResult): void {
    const flowing = new Set<HouseholdState<S>>();
    for (const meter of this.#pending) {
      meter.track.consume(
        t,
        (iv) => this.#apply(meter, iv, flowing),
        (ts) => this.#countFirst(meter, ts),
      );
      if (!meter.track.hasPending()) this.#pending.delete(meter);
    }
    // Hours a late batch completed are judged now (an alert it opens marks rows to write again)…
    for (const h of this.#changed) this.#catchUp(h, t, out.alerts);
    // …and emitted at once, not with the next hour: a commit may pass the readings that changed them.
    for (const h of this.#changed) this.#reemit(h, this.#nextHour, t, out);
    this.#changed.clear();
    if (this.#features.waterRunning) for (const h of flowing) this.#checkFlow(h, t, out.alerts);
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
    if (Math.ceil(ts / HOUR) - 1 < this.#nextHour) this.#changed.add(h);
  }

  #apply(meter: MeterState<S>, iv: Interval, flowing: Set<HouseholdState<S>>): void {
    const h = meter.household;
    if (Number.isFinite(iv.usage)) {
      h.ring.spread(meter.kind, iv.from, iv.to, iv.usage);
      if (iv.role === undefined) h.ring.count(meter.kind, iv.to);
      if (iv.from < this.#nextHour * HOUR) this.#changed.add(h);
    }
    // A late reading's split is history: the run of water is followed on live intervals only.
    if (meter.kind === 'water' && this.#features.waterRunning && iv.role === undefined) {
      h.flow.onInterval(iv, this.config);
      flowing.add(h);
    }
  }

  #checkFlow(h: HouseholdState<S>, t: number, alerts: Alert[]): void {
    const { flow } = h;
    if (h.waterRunning) {
      // One condition, one alert: a pause shorter than `waterPauseMs` (a tap turned down, a
      // gap in the readings) does not end it, and the flow that follows is the same condition.
      const pausedFrom = Number.isNaN(flow.start) ? flow.lastFlowTo : Number.NaN;
      if (Number.isFinite(pausedFrom) && flow.end - pausedFrom >= this.config.waterPauseMs) {
        alerts.push(resolveAlert(h.waterRunning, t, { ended_at: isoCst(pausedFrom) }));
        h.waterRunning = undefined;
      }
      return;
    }
    const verdict = judgeRun(flow, this.#waterProfile(h, t), this.config);
    if (!verdict) return;
    h.waterRunningSince = flow.start;
    h.waterRunning = openAlert({
      type: 'water_running',
      severity: 'warning',
      subject: h.id,
      place: h.place,
      since: flow.start,
      detectedAt: t,
      evidence: {
        reason: verdict.reason,
        running_hours: Number(((flow.end - flow.start) / HOUR).toFixed(2)),
        flow_m3_per_hour: Number(flow.flowM3h().toFixed(3)),
        ...(verdict.usualHours !== undefined ? { usual_heavy_hours: verdict.usualHours } : {}),
      },
    });
    alerts.push(h.waterRunning);
  }

  /** The household's water profile, relearnt once a day from hours older than a day (as its rhythm). */
  #waterProfile(h: HouseholdState<S>, t: number): WaterProfile | undefined {
    const day = Math.floor((hourIndex(t) + 8) / 24);
    if (h.waterProfileDay !== day) {
      h.waterProfile = learnWaterProfile(h.ring, day * 24 - 8 - 24, this.config);
      h.waterProfileDay = day;
    }
    return h.waterProfile;
  }

  #closeHour(hour: number, t: number, out: AdvanceResult): void {
    const end = (hour + 1) * HOUR;
    const { minReadingsPerHour: min, skewToleranceMs } = this.config;
    const covers = (m: MeterTrack | undefined) => m !== undefined && m.anchorTs >= end - skewToleranceMs;
    for (const h of this.#households.values()) {
      const { ring } = h;
      const s = ring.ensure(hour);
      if (s < 0) continue;
      const seeded = ring.has(s, SLOT.seeded);
      if (!seeded) {
        const complete =
          covers(h.water) &&
          covers(h.elec) &&
          (ring.waterCount[s] as number) >= min &&
          (ring.elecCount[s] as number) >= min;
        ring.mark(s, SLOT.observed, complete);
      }
      // Judged before its row is written: the row says which model judged it, and whether an alert holds it.
      if (Number.isNaN(h.judged)) h.judged = hour - 1;
      this.#judgeThrough(h, hour, t, out.alerts, hour - h.judged > JUDGE_WAIT_HOURS);
      // A stored hour is written again only when it took readings it had never seen (replayed past what it held).
      if (this.#features.hourly && (!seeded || ring.has(s, SLOT.dirty)))
        out.hourly.push(this.#row(h, hour, s, t));
    }
  }

  /**
   * Judges the household's hours after the last judged, up to `hour`, in order; an hour a meter
   * has not fully reported yet (a store-and-forward batch under way) stops it, unless `force`.
   */
  #judgeThrough(h: HouseholdState<S>, hour: number, t: number, alerts: Alert[], force: boolean): void {
    const { ring } = h;
    while (h.judged < hour) {
      const x = h.judged + 1;
      const s = ring.at(x);
      if (s >= 0 && !ring.has(s, SLOT.observed) && !force) return;
      if (s >= 0) this.#judge(h, x, s, t, alerts);
      h.judged = x;
    }
  }

  /** Closed hours a late batch has now fully reported become observed, and are judged. */
  #catchUp(h: HouseholdState<S>, t: number, alerts: Alert[]): void {
    const { ring } = h;
    const min = this.config.minReadingsPerHour;
    if (Number.isNaN(h.judged)) return;
    for (let x = h.judged + 1; x < this.#nextHour; x++) {
      const s = ring.at(x);
      if (s >= 0 && (ring.waterCount[s] as number) >= min && (ring.elecCount[s] as number) >= min)
        ring.mark(s, SLOT.observed);
    }
    this.#judgeThrough(h, this.#nextHour - 1, t, alerts, false);
  }

  #judge(h: HouseholdState<S>, hour: number, s: number, t: number, alerts: Alert[]): void {
    const ctx = { ring: h.ring, hour, config: this.config };
    if (h.inactivity) {
      if (keepsOutOfLearning(h.inactivity.evidence)) h.ring.mark(s, SLOT.excluded);
      if (this.#rule.resumed(ctx, h.rule, h.inactivity)) {
        alerts.push(resolveAlert(h.inactivity, t, { ended_at: isoCst(hour * HOUR) }));
        h.inactivity = undefined;
      }
      return;
    }
    const finding = this.#rule.check(ctx, h.rule);
    if (!finding) return;
    // Product scope, read from the registry now (a record may arrive or change after the first
    // reading): an alert only for someone who may be alone when they fall. Out of scope, no alert
    // and no hours kept out of learning: the household's quiet spells are its ordinary weeks.
    const info = this.#deps.household(h.id);
    if (!inInactivityScope(info)) {
      this.#outOfScope++;
      return;
    }
    if (info) h.atRisk = isAtRisk(info);
    const excluded = keepsOutOfLearning(finding.evidence);
    for (let x = hourIndex(finding.since); excluded && x <= hour; x++) {
      const slot = h.ring.at(x);
      if (slot < 0) continue;
      h.ring.mark(slot, SLOT.excluded);
      // Its stored row says so too (written again), so that a restart learns without it.
      if (x < hour) h.ring.mark(slot, SLOT.dirty);
    }
    this.#changed.add(h);
    h.inactivity = openAlert({
      type: 'utility_inactivity',
      severity: h.atRisk ? 'critical' : 'warning',
      subject: h.id,
      place: h.place,
      since: finding.since,
      detectedAt: t,
      evidence: { rule: this.#rule.name, ...finding.evidence },
    });
    alerts.push(h.inactivity);
  }

  #row(h: HouseholdState<S>, hour: number, s: number, version: number): HouseholdUsageHour {
    const { ring } = h;
    ring.mark(s, SLOT.emitted);
    ring.mark(s, SLOT.dirty, false);
    return {
      household_id: h.id,
      hour: isoCst(hour * HOUR),
      water_m3: round6(ring.water[s] as number),
      electricity_kwh: round6(ring.elec[s] as number),
      water_readings: ring.waterCount[s] as number,
      electricity_readings: ring.elecCount[s] as number,
      version,
      water_reading_through: readingThrough(h.water, ring.seededThrough.water),
      electricity_reading_through: readingThrough(h.elec, ring.seededThrough.electricity),
      model: modelOf(this.#rule.model?.(h.rule)),
      in_alert: ring.has(s, SLOT.excluded) ? 1 : 0,
    };
  }

  /**
   * Writes the closed hours that took readings since their row was written, and those that never
   * had one: an hour closes for the households known then, so a household first heard of later
   * (its partition of the source behind the others, or its readings held until its registry
   * record came) has its closed hours written here, or their readings would be neither counted
   * nor late.
   */
  #reemit(h: HouseholdState<S>, before: number, t: number, out: AdvanceResult): void {
    if (!this.#features.hourly) return;
    const { ring } = h;
    for (let x = ring.latest - ring.size + 1; x < before; x++) {
      const s = ring.at(x);
      if (s >= 0 && ring.has(s, SLOT.dirty)) {
        out.hourly.push(this.#row(h, x, s, t));
      }
    }
  }
}

/**
 * The newest reading a household's rows hold, for `*_reading_through`: the meter's last consumed
 * one, or what its seeded hours held if later (a rebuilt detector still replaying up to it);
 * null while the seeded hours' is unknown.
 */
function readingThrough(track: MeterTrack | undefined, seeded: number): string | null {
  if (seeded === Number.POSITIVE_INFINITY) return null;
  const through = Math.max(track?.anchorTs ?? Number.NEGATIVE_INFINITY, seeded);
  return isoCst(Number.isFinite(through) ? through : 0);
}

/**
 * Whether an alert's hours are kept out of learning. Not the fallback's: it judges households
 * without a rhythm yet, and on some (very low users, long days out) it fires on ordinary days;
 * kept out, those days never added up to the week of history the learnt model needs, and the
 * household stayed on the fallback for good (seen on the held-out generator).
 */
const keepsOutOfLearning = (evidence: Record<string, unknown>): boolean => evidence.model !== 'default';

const modelOf = (m: string | undefined): HouseholdUsageHour['model'] =>
  m === 'learnt' || m === 'default' ? m : '';
