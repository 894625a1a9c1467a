/**
 * utility_inactivity: the inactivity rule judges each household's closed hours in order, once
 * both meters have reported them (or a bound has passed), and opens or resolves its alert.
 */
import { type Alert, isoCst, toEpochMs } from '@onegrid/contracts';
import { type HouseholdInfo, inInactivityScope, isAtRisk, openAlert, resolveAlert } from './alerts.ts';
import type { UtilityConfig } from './config.ts';
import type { HouseholdState } from './household.ts';
import type { InactivityRule } from './rule.ts';
import { HOUR, hourIndex } from './time.ts';
import { SLOT } from './usage-ring.ts';

export class InactivityJudge<S> {
  /** Closed hours at which the rule fired on a household outside the inactivity scope (no alert). */
  outOfScope = 0;

  readonly #rule: InactivityRule<S>;
  readonly #config: UtilityConfig;
  readonly #household: (id: string) => HouseholdInfo | undefined;

  /** `household`: the registry, read at each finding (a record may arrive or change after the first reading). */
  constructor(
    rule: InactivityRule<S>,
    config: UtilityConfig,
    household: (id: string) => HouseholdInfo | undefined,
  ) {
    this.#rule = rule;
    this.#config = config;
    this.#household = household;
  }

  /**
   * Judges the household's hours after the last judged, up to `hour`, in order; an hour a meter
   * has not fully reported yet (a store-and-forward batch under way) stops it, unless `force`.
   * True when an alert opened and marked stored hours to be written again.
   */
  judgeThrough(h: HouseholdState<S>, hour: number, t: number, alerts: Alert[], force: boolean): boolean {
    const { ring } = h;
    let changed = false;
    while (h.judged < hour) {
      const x = h.judged + 1;
      const s = ring.at(x);
      if (s >= 0 && !ring.has(s, SLOT.observed) && !force) return changed;
      if (s >= 0 && this.#judge(h, x, s, t, alerts)) changed = true;
      h.judged = x;
    }
    return changed;
  }

  /** Closed hours (before `nextHour`) a late batch has now fully reported become observed, and are judged. */
  catchUp(h: HouseholdState<S>, nextHour: number, t: number, alerts: Alert[]): boolean {
    const { ring } = h;
    const min = this.#config.minReadingsPerHour;
    if (Number.isNaN(h.judged)) return false;
    for (let x = h.judged + 1; x < nextHour; x++) {
      const s = ring.at(x);
      if (s >= 0 && ring.waterCountAt(s) >= min && ring.elecCountAt(s) >= min) ring.mark(s, SLOT.observed);
    }
    return this.judgeThrough(h, nextHour - 1, t, alerts, false);
  }

  /** True when it opened an alert (its hours' stored rows are to be written again). */
  #judge(h: HouseholdState<S>, hour: number, s: number, t: number, alerts: Alert[]): boolean {
    const ctx = { ring: h.ring, hour, config: this.#config };
    if (h.inactivity) {
      // An hour before the open alert's `since`, judged again by a replay after a restart (one
      // that began hours back: another household's run of water held it). The detector before it
      // judged the hour with no alert open and found nothing: neither kept out of learning nor
      // a resumption (households 1007, crashes every hour: resolved at 13:00, since 15:00).
      // An uninterrupted run never judges one: its alert opens at an hour at or after `since`.
      if (hour < hourIndex(toEpochMs(h.inactivity.since))) return false;
      if (keepsOutOfLearning(h.inactivity.evidence)) h.ring.mark(s, SLOT.excluded);
      if (this.#rule.resumed(ctx, h.rule, h.inactivity)) {
        alerts.push(resolveAlert(h.inactivity, t, { ended_at: isoCst(hour * HOUR) }));
        h.inactivity = undefined;
      }
      return false;
    }
    // An hour a resolved alert covered, judged again by a replay after a restart: the detector
    // before it judged the hour with that alert open (it never opened one there), and kept it
    // out of learning if the alert did (its stored row says `in_alert`, seeded already).
    if (hour <= h.inactivityEnded) return false;
    const finding = this.#rule.check(ctx, h.rule);
    if (!finding) return false;
    // Product scope, read from the registry now (a record may arrive or change after the first
    // reading): an alert only for someone who may be alone when they fall. Out of scope, no alert
    // and no hours kept out of learning: the household's quiet spells are its ordinary weeks.
    const info = this.#household(h.id);
    if (!inInactivityScope(info)) {
      this.outOfScope++;
      return false;
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
    return true;
  }
}

/**
 * Whether an alert's hours are kept out of learning. Not the fallback's: it judges households
 * without a rhythm yet, and on some (very low users, long days out) it fires on ordinary days;
 * kept out, those days never added up to the week of history the learnt model needs, and the
 * household stayed on the fallback for good (seen on the held-out generator).
 */
export const keepsOutOfLearning = (evidence: Record<string, unknown>): boolean =>
  evidence.model !== 'default';
