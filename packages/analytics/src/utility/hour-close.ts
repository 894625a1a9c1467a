/**
 * Closing hours for the utility detector (detector.ts): an hour closes `settleMs` after its end,
 * for each household whose meters' own feeds have passed it too; it is judged (inactivity) and
 * its row written. Households whose feeds are behind the watermark close later, as far as their
 * feeds have got. Closed hours that take readings afterwards are written again.
 */
import type { Alert } from '@onegrid/contracts';
import type { UtilityConfig } from './config.ts';
import type { HouseholdUsageHour } from './hourly.ts';
import { hourlyRow } from './hourly-row.ts';
import type { HouseholdState } from './household.ts';
import type { InactivityJudge } from './inactivity-judge.ts';
import type { MeterTrack } from './meter-track.ts';
import type { MeterClock } from './offline.ts';
import type { InactivityRule } from './rule.ts';
import { HOUR } from './time.ts';
import { SLOT } from './usage-ring.ts';

/** Hours an hour's judgement waits for a meter's store-and-forward batch; then it is judged as it is. */
export const JUDGE_WAIT_HOURS = 8;

export interface HourOutput {
  alerts: Alert[];
  hourly: HouseholdUsageHour[];
}

export class HourCloser<S> {
  readonly #config: UtilityConfig;
  readonly #inactivity: InactivityJudge<S>;
  readonly #clock: MeterClock | undefined;
  readonly #rule: InactivityRule<S>;
  /** Whether rows are written (the detector's `hourly` feature). */
  readonly #hourly: boolean;
  /** Households whose emitted hours took new readings in this step (the detector's, shared). */
  readonly #changed: Set<HouseholdState<S>>;
  /** Households whose meters' own feeds have not passed the watermark's closed hours yet (`behind`). */
  readonly behind = new Set<HouseholdState<S>>();

  constructor(
    config: UtilityConfig,
    inactivity: InactivityJudge<S>,
    clock: MeterClock | undefined,
    rule: InactivityRule<S>,
    hourly: boolean,
    changed: Set<HouseholdState<S>>,
  ) {
    this.#config = config;
    this.#inactivity = inactivity;
    this.#clock = clock;
    this.#rule = rule;
    this.#hourly = hourly;
    this.#changed = changed;
  }

  /**
   * Closes `hour` for every household keeping pace; the others wait in `behind`. A generator that
   * pauses after a household's hour when `over()` says the caller's slice is spent (detector.ts,
   * `advanceSliced`): resumed, it goes on with the next household, as one walk would.
   */
  *closeHour(
    households: Iterable<HouseholdState<S>>,
    hour: number,
    t: number,
    out: HourOutput,
    over: () => boolean,
  ): Generator<void, void, void> {
    for (const h of households) {
      if (!Number.isNaN(h.behind)) continue;
      if (this.#closes(h, hour, t)) {
        this.#closeHouseholdHour(h, hour, t, out);
        if (over()) yield;
      } else {
        h.behind = hour;
        this.behind.add(h);
      }
    }
  }

  /**
   * Closes the hours of households behind the watermark (up to `nextHour`) as far as their meters'
   * feeds have got; pauses after a household's hour as `closeHour` does.
   */
  *closeBehind(
    nextHour: number,
    t: number,
    out: HourOutput,
    over: () => boolean,
  ): Generator<void, void, void> {
    for (const h of this.behind) {
      while (h.behind < nextHour && this.#closes(h, h.behind, t)) {
        this.#closeHouseholdHour(h, h.behind, t, out);
        h.behind++;
        if (over()) yield;
      }
      if (h.behind >= nextHour) {
        h.behind = Number.NaN;
        this.behind.delete(h);
      }
    }
  }

  /**
   * Writes the closed hours that took readings since their row was written, and those that never
   * had one: an hour closes for the households known then, so a household first heard of later
   * (its partition of the source behind the others, or its readings held until its registry
   * record came) has its closed hours written here, or their readings would be neither counted
   * nor late.
   */
  reemit(h: HouseholdState<S>, before: number, t: number, out: HourOutput): void {
    if (!this.#hourly) return;
    const { ring } = h;
    // Its closed days only when they may hold a dirty hour (usage-ring.ts `dirtyFrom`).
    for (let x = ring.dirtyFrom; x < before; x++) {
      const s = ring.at(x);
      if (s >= 0 && ring.has(s, SLOT.dirty)) {
        out.hourly.push(this.#row(h, x, s, t));
      }
    }
    ring.cleanBefore(before);
  }

  /**
   * Whether hour `hour` may close for `h` at step `t`: the watermark and both of its meters' own
   * feeds have passed its end by `settleMs`. Hours of a source partition held up upstream (released
   * as idle, so the watermark ran on) wait for its readings instead of being written without them
   * and rewritten when the backlog comes (run 1003). Bounded: a partition silent for
   * `offlineAfterMs` of processing time reads as +∞ (UtilityModel's MeterClock), so a household
   * with a meter on a partition that never comes back is closed and judged at the watermark again.
   */
  #closes(h: HouseholdState<S>, hour: number, t: number): boolean {
    const end = (hour + 1) * HOUR + this.#config.settleMs;
    return end <= t && end <= feedsReached(h, this.#clock);
  }

  #closeHouseholdHour(h: HouseholdState<S>, hour: number, t: number, out: HourOutput): void {
    const end = (hour + 1) * HOUR;
    const { minReadingsPerHour: min, skewToleranceMs } = this.#config;
    const covers = (m: MeterTrack | undefined) => m !== undefined && m.anchorTs >= end - skewToleranceMs;
    const { ring } = h;
    const s = ring.ensure(hour);
    if (s < 0) return;
    const seeded = ring.has(s, SLOT.seeded);
    if (!seeded) {
      const complete =
        covers(h.water) && covers(h.elec) && ring.waterCountAt(s) >= min && ring.elecCountAt(s) >= min;
      ring.mark(s, SLOT.observed, complete);
    }
    // Judged before its row is written: the row says which model judged it, and whether an alert holds it.
    if (Number.isNaN(h.judged)) h.judged = hour - 1;
    if (this.#judge(h, hour, t, out.alerts)) this.#changed.add(h);
    // A stored hour is written again only when it took readings it had never seen (replayed past what it held).
    if (this.#hourly && (!seeded || ring.has(s, SLOT.dirty))) out.hourly.push(this.#row(h, hour, s, t));
  }

  /**
   * Judges the household's hours through `hour`. One not fully reported is waited for up to
   * JUDGE_WAIT_HOURS, then judged anyway, but only as far as its meters' own feeds have got:
   * beyond, its readings are on their way, not missing (a source partition held up upstream and
   * released as idle, run 1003). Judged without them, those hours would be passed for good:
   * `catchUp` judges only the hours after the last judged.
   */
  #judge(h: HouseholdState<S>, hour: number, t: number, alerts: Alert[]): boolean {
    let changed = false;
    if (hour - h.judged > JUDGE_WAIT_HOURS) {
      const through = Math.min(hour, Math.floor(feedsReached(h, this.#clock) / HOUR) - 1);
      if (through > h.judged) changed = this.#inactivity.judgeThrough(h, through, t, alerts, true);
    }
    return this.#inactivity.judgeThrough(h, hour, t, alerts, false) || changed;
  }

  #row(h: HouseholdState<S>, hour: number, s: number, version: number): HouseholdUsageHour {
    return hourlyRow(h, hour, s, version, this.#rule.model?.(h.rule));
  }
}

/** How far both of a household's meters' own feeds have got (no clock: everything). */
function feedsReached<S>(h: HouseholdState<S>, clock: MeterClock | undefined): number {
  if (clock === undefined) return Number.POSITIVE_INFINITY;
  let reached = Number.POSITIVE_INFINITY;
  if (h.waterId !== undefined) reached = clock(h.waterId, h.water?.tag ?? -1);
  if (h.elecId !== undefined) reached = Math.min(reached, clock(h.elecId, h.elec?.tag ?? -1));
  return reached;
}
