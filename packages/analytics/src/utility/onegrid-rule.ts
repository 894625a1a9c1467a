/**
 * onegrid's inactivity rule. A household is inactive when, over the last k hours (k from
 * `minQuietHours` to `maxQuietHours`), no water was drawn AND its electricity fell below what
 * its own history says is the least it uses over k hours at those times of day:
 *
 *   R_k = Σ electricity / Σ median electricity of those hours of the day  ≤  margin × lowest R_k seen
 *
 * (capped at `maxRatio`). Someone at home switches things on; a person who has collapsed, or a
 * flat left empty, leaves only the always-on load. Short windows catch households whose use
 * sits well above their base load; long windows average the noise away for the others. Until a
 * household has `minHistoryDays` of history, a default rule applies: `defaultQuietHours` with no
 * water and electricity flat at one level.
 */
import type { Alert } from '@onegrid/contracts';
import type { UtilityConfig } from './config.ts';
import { learnRhythm, type Rhythm } from './rhythm.ts';
import { type Finding, type InactivityRule, quietRun, type RuleContext, windowSums } from './rule.ts';
import { HOUR, hourOfDay } from './time.ts';
import { SLOT, type UsageRing } from './usage-ring.ts';

export interface OnegridRuleState {
  rhythm: Rhythm | undefined;
  /** Day (hours since epoch / 24, Shanghai) the rhythm was last learnt. */
  learntDay: number;
}

/** Hours kept out of learning: a condition not yet detected must not be learnt as normal. */
export const LEARN_LAG_HOURS = 24;
/**
 * Active again: an hour with water, or two observed hours in a row each drawing more than the
 * quiet level the alert saw (or the household's base load, if higher) by this factor plus
 * `RESUME_EXTRA_KWH`. A quiet night inside an incident stays at that level (fridge, standby)
 * and does not end it; someone moving about switches things on. Not a share of the median:
 * at night the median is the base load, and an incident's night looked "normal" to it.
 */
const RESUME_FACTOR = 1.5;
const RESUME_EXTRA_KWH = 0.02;
const RESUME_HOURS = 2;

export const resumeAbove = (levelKwh: number, baseKwh: number): number =>
  round(Math.max(levelKwh, baseKwh) * RESUME_FACTOR + RESUME_EXTRA_KWH);

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

export function expectedKwh(rhythm: Rhythm, hour: number, hours: number): number {
  let sum = 0;
  for (let h = hour - hours + 1; h <= hour; h++) sum += rhythm.median(hourOfDay(h));
  return sum;
}

function learnt(ctx: RuleContext, state: OnegridRuleState): Rhythm | undefined {
  const day = Math.floor((ctx.hour + 8) / 24);
  if (state.learntDay !== day) {
    // From the hours up to a fixed point of the day, not of the hour it happens to run at: a
    // detector rebuilt after a restart mid-day learns the same rhythm as the one it replaces.
    state.rhythm = learnRhythm(ctx.ring, day * 24 - 8 - LEARN_LAG_HOURS, ctx.config);
    state.learntDay = day;
  }
  return state.rhythm;
}

export function checkLearnt(ctx: RuleContext, rhythm: Rhythm): Finding | undefined {
  const { ring, hour, config } = ctx;
  const quiet = quietRun(ring, hour, config.waterEpsM3, config.maxQuietHours);
  let found: Finding | undefined;
  for (let k = config.minQuietHours; k <= quiet; k++) {
    const lowest = rhythm.lowest(k);
    const sums = windowSums(ring, hour, k);
    const expected = expectedKwh(rhythm, hour, k);
    if (Number.isNaN(lowest) || sums === undefined || expected <= 1e-6) continue;
    const ratio = sums.elec / expected;
    const threshold = Math.min(lowest * config.ratioMargin, config.maxRatio);
    if (ratio <= threshold) {
      found = {
        since: (hour - k + 1) * HOUR,
        evidence: {
          model: 'learnt',
          quiet_hours: k,
          water_m3: round(sums.water),
          electricity_kwh: round(sums.elec),
          expected_electricity_kwh: round(expected),
          electricity_ratio: round(ratio),
          ratio_threshold: round(threshold),
          base_load_kwh_per_hour: round(rhythm.baseKwh),
          history_days: round(rhythm.days, 1),
          resume_above_kwh_per_hour: resumeAbove(sums.elec / k, rhythm.baseKwh),
        },
      };
    }
  }
  return found;
}

export function checkDefault(ring: UsageRing, hour: number, config: UtilityConfig): Finding | undefined {
  const hours = config.defaultQuietHours;
  if (quietRun(ring, hour, config.waterEpsM3, hours) < hours) return undefined;
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  let sum = 0;
  for (let h = hour - hours + 1; h <= hour; h++) {
    const e = ring.elecAt(ring.at(h));
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
    sum += e;
  }
  const mean = sum / hours;
  if (hi - lo > Math.max(config.defaultFlatKwh, config.defaultFlatShare * mean)) return undefined;
  return {
    since: (hour - hours + 1) * HOUR,
    evidence: {
      model: 'default',
      quiet_hours: hours,
      water_m3: 0,
      electricity_kwh: round(sum),
      flat_kwh_per_hour: round(mean),
      resume_above_kwh_per_hour: resumeAbove(mean, lo),
    },
  };
}

/** Whether a household with an open alert is active again (water, or electricity above the alert's level). */
export function activeAgain(ctx: RuleContext, rhythm: Rhythm | undefined, open: Alert): boolean {
  const { ring, hour, config } = ctx;
  const s = ring.at(hour);
  if (s < 0 || !ring.has(s, SLOT.observed)) return false;
  if (ring.waterAt(s) > config.waterEpsM3) return true;
  const stored = Number(open.evidence.resume_above_kwh_per_hour);
  // An alert raised before this evidence existed: the household's base load, or never by electricity.
  let above = Number.isFinite(stored) ? stored : rhythm ? resumeAbove(0, rhythm.baseKwh) : Infinity;
  // Above what the household's own quiet hours reach, too: a fridge or freezer cycling through an
  // incident puts single hours at 2-3 × the base load, as it does every night; the alert's own
  // level, taken over a few hours at the start, missed those and ended the alert on that noise.
  const quiet = rhythm?.quietHighKwh ?? Number.NaN;
  if (config.resumeLevel === 'quiet_hours' && Number.isFinite(quiet)) above = Math.max(above, quiet);
  for (let x = hour - RESUME_HOURS + 1; x <= hour; x++) {
    const slot = ring.at(x);
    if (slot < 0 || !ring.has(slot, SLOT.observed) || ring.elecAt(slot) <= above) return false;
  }
  return true;
}

export const onegridInactivity: InactivityRule<OnegridRuleState> = {
  name: 'onegrid',
  init: () => ({ rhythm: undefined, learntDay: Number.NaN }),
  check(ctx, state) {
    const rhythm = learnt(ctx, state);
    return rhythm ? checkLearnt(ctx, rhythm) : checkDefault(ctx.ring, ctx.hour, ctx.config);
  },
  resumed(ctx, state, open) {
    // Relearnt while an alert is open too: a household the fallback holds reaches its own model.
    learnt(ctx, state);
    return activeAgain(ctx, state.rhythm, open);
  },
  model: (state) => (state.rhythm ? 'learnt' : 'default'),
  carry: (state) =>
    Number.isNaN(state.learntDay)
      ? undefined
      : { day: state.learntDay, rhythm: state.rhythm, drySpells: undefined },
  adopt(state, carried) {
    state.rhythm = carried.rhythm;
    state.learntDay = carried.day;
  },
};
