/**
 * Issue 15's inactivity rule (config `inactivityModel: 'ratio_long_spell'`, the default since
 * 2026-12-06): the kept ratio rule (onegrid-rule.ts), and a second way to fire for the spells it
 * cannot see. A household that is out all day on ordinary days (long days out, shift workers
 * asleep by day) has its "lowest ratio" learnt from those days, so an incident that starts when
 * it would go out looks like one more day out to the ratio rule, for as long as the household's
 * history holds it (missed 6 of 6 long-days-out incidents on the households generator).
 *
 * The second way asks the household's own dry spells (water-spells.ts): the current spell without
 * water is at least `longSpellFactor` × the longest this household has had that began within
 * ±`spellStartWindowHours` of the same clock hour, plus `longSpellExtraHours` (far past its own
 * survival curve, not at its edge: at the edge, the longest of two weeks is beaten every few
 * days), AND the electricity of the last k of those hours is at most `longSpellMaxRatio` × its
 * median at those hours (somebody at home and up switches things on; a household out at those
 * hours on most days has a median at its always-on load, and does not fire). A trip stays a false
 * alarm, as for every rule here (utility README, "Travel").
 */
import type { UtilityConfig } from './config.ts';
import { checkFlatWater, type FlatWaterModel, learnFlatWater } from './flat-water.ts';
import { JUDGE_WAIT_HOURS } from './hour-close.ts';
import {
  activeAgain,
  checkDefault,
  checkLearnt,
  expectedKwh,
  LEARN_LAG_HOURS,
  type OnegridRuleState,
  resumeAbove,
  round,
} from './onegrid-rule.ts';
import { beyondOwnAbsence } from './own-absence.ts';
import { checkPastOwnSpell } from './past-own-spell.ts';
import { learnRhythm, type Rhythm } from './rhythm.ts';
import { type Finding, type InactivityRule, type RuleContext, windowSums } from './rule.ts';
import { checkSteadyLoad, learnRestLevel, type RestLevel } from './steady-load.ts';
import { HOUR, hourOfDay } from './time.ts';
import type { UsageRing } from './usage-ring.ts';
import { currentDrySpell, type DrySpellModel, learnDrySpells } from './water-spells.ts';

export interface LongSpellState extends OnegridRuleState {
  drySpells: DrySpellModel | undefined;
  /** The household's electricity at rest (`steadyLoad` only). */
  rest: RestLevel | undefined;
  /** A mute household's own dry spells (`flatWater` only; flat-water.ts). */
  flat?: FlatWaterModel | undefined;
}

/** The longest current spell looked at (past every learnt limit: spells over `awayHours` are not learnt). */
const MAX_SPELL_HOURS = 72;

/**
 * The oldest hour a ring still holds whenever `day` is judged: the day's last hour (local 23:00,
 * `day * 24 + 15`) plus the hours a household's newest reading may run ahead of its judged hour
 * (hour-close judges an hour at the latest `JUDGE_WAIT_HOURS` + 1 after it). A span starting at
 * the ring's own oldest hour moved with how far the readings had run (a partition's backlog, a
 * replay after a restart), so the same feed could learn other spells and raise other alerts
 * (reviews of sessions 13 and 14); from here it is the same hours whenever the day is judged.
 */
function heldFrom(ring: UsageRing, day: number): number {
  return day * 24 + 15 + JUDGE_WAIT_HOURS + 1 - ring.size + 1;
}

/** The hours learnt from on `day`: up to a fixed point of the day, back to what the ring holds all day. */
function learntSpan(ring: UsageRing, day: number): { first: number; through: number } {
  const through = day * 24 - 8 - LEARN_LAG_HOURS;
  return { through, first: Math.max(heldFrom(ring, day), ring.latest - ring.size + 1) };
}

/**
 * Relearnt once a day from the hours up to a fixed point of the day (a rebuilt detector learns
 * the same). The rhythm is the kept rule's, learnt alike, so the first way fires exactly where
 * the kept rule does.
 */
function learnt(ctx: RuleContext, state: LongSpellState): void {
  const day = Math.floor((ctx.hour + 8) / 24);
  if (state.learntDay === day) return;
  const { through, first } = learntSpan(ctx.ring, day);
  state.rhythm = learnRhythm(ctx.ring, through, ctx.config, undefined, first);
  state.drySpells = state.rhythm ? learnDrySpells(ctx.ring, first, through, ctx.config) : undefined;
  state.rest =
    state.rhythm && ctx.config.steadyLoad ? learnRestLevel(ctx.ring, first, through, ctx.config) : undefined;
  state.flat =
    state.rhythm && ctx.config.flatWater
      ? learnFlatWater(ctx.ring, first, through, state.rhythm, ctx.config)
      : undefined;
  state.learntDay = day;
}

/**
 * How long a dry spell must last to fire: far past `usual`, the longest this household has had
 * beginning near the same clock hour (past the edge of its curve, which is beaten every few days).
 */
const longSpellHours = (usual: number, config: UtilityConfig): number =>
  usual * config.longSpellFactor + config.longSpellExtraHours + config.waitShiftHours;

/** The second way: a dry spell far past the household's own, with the flat at a fraction of its median. */
function checkLongSpell(ctx: RuleContext, rhythm: Rhythm, spells: DrySpellModel): Finding | undefined {
  const { ring, hour, config } = ctx;
  const spell = currentDrySpell(ring, hour, MAX_SPELL_HOURS, config);
  if (spell < config.longSpellMinWindowHours) return undefined;
  const usual = spells.longest[hourOfDay(hour - spell + 1)] as number;
  const needed = longSpellHours(usual, config);
  if (spell < needed) return undefined;
  let found: Finding | undefined;
  for (let k = config.longSpellMinWindowHours; k <= Math.min(spell, config.maxQuietHours); k++) {
    const sums = windowSums(ring, hour, k);
    const expected = expectedKwh(rhythm, hour, k);
    if (sums === undefined || expected <= 1e-6) continue;
    const ratio = sums.elec / expected;
    if (ratio > config.longSpellMaxRatio) continue;
    found = {
      // The spell's start: the household has drawn no water since then.
      since: (hour - spell + 1) * HOUR,
      evidence: {
        model: 'learnt',
        path: 'long_dry_spell',
        quiet_hours: k,
        water_m3: round(sums.water),
        electricity_kwh: round(sums.elec),
        expected_electricity_kwh: round(expected),
        electricity_ratio: round(ratio),
        ratio_threshold: config.longSpellMaxRatio,
        dry_spell_hours: spell,
        usual_longest_dry_spell_hours: usual,
        base_load_kwh_per_hour: round(rhythm.baseKwh),
        history_days: round(rhythm.days, 1),
        resume_above_kwh_per_hour: resumeAbove(sums.elec / k, rhythm.baseKwh),
      },
    };
  }
  return found;
}

/**
 * The hours own-absence reads its peers from on `day`: the `historyDays` up to the day's fixed
 * point, wherever the ring's newest hour is. It started at the ring's oldest hour (`learntSpan`),
 * so the same feed judged while a household's readings ran hours ahead of its judged hour (a
 * partition's backlog, a replay) saw up to a day more or less of peers, and could raise a
 * different alert (review of session 13). Held by the ring through the day's last hour + the
 * judgement's wait (`heldFrom`).
 */
export function peerSpan(
  ring: UsageRing,
  day: number,
  config: UtilityConfig,
): { first: number; through: number } {
  const through = day * 24 - 8 - LEARN_LAG_HOURS;
  const first = Math.max(through - config.historyDays * 24 + 1, heldFrom(ring, day));
  // A ring further ahead than hour-close lets it run no longer holds the oldest: those read as unlearnt.
  return { through, first: Math.max(first, ring.latest - ring.size + 1) };
}

/** The kept ratio rule's finding; with `ratioBeyondOwnAbsence`, only past the household's own absences. */
function ratioFinding(ctx: RuleContext, state: LongSpellState, rhythm: Rhythm): Finding | undefined {
  const found = checkLearnt(ctx, rhythm);
  if (!found || !ctx.config.ratioBeyondOwnAbsence) return found;
  const { through, first } = peerSpan(ctx.ring, state.learntDay, ctx.config);
  return beyondOwnAbsence(ctx.ring, ctx.hour, first, through, found, ctx.config, rhythm);
}

export const longSpellInactivity: InactivityRule<LongSpellState> = {
  name: 'onegrid',
  init: () => ({
    rhythm: undefined,
    learntDay: Number.NaN,
    drySpells: undefined,
    rest: undefined,
    flat: undefined,
  }),
  check(ctx, state) {
    learnt(ctx, state);
    const { rhythm, drySpells } = state;
    if (!rhythm) return checkDefault(ctx.ring, ctx.hour, ctx.config);
    const kept = ratioFinding(ctx, state, rhythm);
    if (kept) return { since: kept.since, evidence: { ...kept.evidence, path: 'ratio' } };
    const steady = state.rest ? checkSteadyLoad(ctx, state.rest, rhythm.baseKwh) : undefined;
    if (steady) return steady;
    if (drySpells) {
      const past = ctx.config.pastOwnSpell ? checkPastOwnSpell(ctx, rhythm, drySpells) : undefined;
      const long = past ?? checkLongSpell(ctx, rhythm, drySpells);
      if (long) return long;
    }
    return state.flat ? checkFlatWater(ctx, rhythm, state.flat) : undefined;
  },
  resumed(ctx, state, open) {
    learnt(ctx, state);
    return activeAgain(ctx, state.rhythm, open);
  },
  model: (state) => (state.rhythm ? 'learnt' : 'default'),
  // The rest level and a mute household's spells (`steadyLoad`, `flatWater`, both off by default)
  // are not carried: a household holding one relearns after a restore, as before.
  carry: (state) =>
    Number.isNaN(state.learntDay) || state.rest !== undefined || state.flat !== undefined
      ? undefined
      : { day: state.learntDay, rhythm: state.rhythm, drySpells: state.drySpells },
  adopt(state, carried) {
    state.rhythm = carried.rhythm;
    state.drySpells = carried.drySpells;
    state.rest = undefined;
    state.flat = undefined;
    state.learntDay = carried.day;
  },
};
