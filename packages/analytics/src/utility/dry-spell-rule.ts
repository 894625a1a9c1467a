/**
 * Issue 15's confirmed inactivity rule (config `inactivityModel: 'ratio_dry_spell'`): the kept
 * ratio rule (onegrid-rule.ts) AND the household's own history of dry spells (water-spells.ts).
 * It alarms when both say the same thing:
 *
 * - electricity over the last k dry hours is lower, against this household's median at those
 *   hours, than it has ever been (the kept rule: the flat is quieter than its quietest normal);
 * - the current dry spell has lasted longer than every dry spell this household had that started
 *   within ±`spellStartWindowHours` of the same clock hour (its own survival curve is at zero).
 *
 * Each alone raises false alarms on households whose ordinary weeks hold long quiet spells: the
 * ratio rule on a night owl who goes to bed three hours later than usual (the hours are quiet
 * against a median taken when it was up), the spell rule on a flat whose spells vary in how
 * much they draw. A night incident is neither: no water since bedtime and past the longest
 * night, and electricity at the always-on load when the household is usually up. A trip is
 * both, and stays a false alarm: nothing on the meters tells it from a fall (utility README,
 * "Travel"). Before a household has `minHistoryDays` of history the default rule applies, as in
 * onegrid-rule.ts, unconfirmed: there is no history to confirm with.
 */
import {
  activeAgain,
  checkDefault,
  checkLearnt,
  LEARN_LAG_HOURS,
  type OnegridRuleState,
} from './onegrid-rule.ts';
import { learnRhythm } from './rhythm.ts';
import type { InactivityRule, RuleContext } from './rule.ts';
import { hourOfDay } from './time.ts';
import { currentDrySpell, type DrySpellModel, learnDrySpells, wasAway } from './water-spells.ts';

export interface DrySpellState extends OnegridRuleState {
  drySpells: DrySpellModel | undefined;
}

/** The longest current spell looked at: past every learnt limit (at most `awayHours`) anyway. */
const MAX_SPELL_HOURS = 72;

/**
 * Relearnt once a day, from the hours up to a fixed point of the day (a detector rebuilt after a
 * restart learns the same). Days away are left out of the rhythm as well as of the spells: a trip
 * in the history would otherwise be the household's "lowest ratio", and hide an incident for as
 * long as it stays in the history (the kept rule does that when the trip fell in its first week,
 * before its own alerts could keep it out).
 */
function learnt(ctx: RuleContext, state: DrySpellState): void {
  const day = Math.floor((ctx.hour + 8) / 24);
  if (state.learntDay === day) return;
  const through = day * 24 - 8 - LEARN_LAG_HOURS;
  const first = Math.max(ctx.ring.latest - ctx.ring.size + 1, through - ctx.ring.size + 1);
  const spells = learnDrySpells(ctx.ring, first, through, ctx.config);
  state.drySpells = spells;
  state.rhythm = learnRhythm(ctx.ring, through, ctx.config, (h) => wasAway(spells, h));
  state.learntDay = day;
}

export const drySpellInactivity: InactivityRule<DrySpellState> = {
  name: 'onegrid',
  init: () => ({ rhythm: undefined, learntDay: Number.NaN, drySpells: undefined }),
  check(ctx, state) {
    learnt(ctx, state);
    const { rhythm, drySpells } = state;
    if (!rhythm || !drySpells) return checkDefault(ctx.ring, ctx.hour, ctx.config);
    const finding = checkLearnt(ctx, rhythm);
    if (!finding) return undefined;
    const spell = currentDrySpell(ctx.ring, ctx.hour, MAX_SPELL_HOURS, ctx.config);
    const usual = drySpells.longest[hourOfDay(ctx.hour - spell + 1)] as number;
    if (spell <= usual) return undefined;
    return {
      since: finding.since,
      evidence: { ...finding.evidence, dry_spell_hours: spell, usual_longest_dry_spell_hours: usual },
    };
  },
  resumed(ctx, state, open) {
    learnt(ctx, state);
    return activeAgain(ctx, state.rhythm, open);
  },
  model: (state) => (state.rhythm ? 'learnt' : 'default'),
  carry: (state) =>
    Number.isNaN(state.learntDay)
      ? undefined
      : { day: state.learntDay, rhythm: state.rhythm, drySpells: state.drySpells },
  adopt(state, carried) {
    state.rhythm = carried.rhythm;
    state.drySpells = carried.drySpells;
    state.learntDay = carried.day;
  },
};
