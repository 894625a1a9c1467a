/**
 * Issue 15's inactivity rule (config `inactivityModel: 'spell_start'`). A household with enough
 * history is inactive when its current quiet spell (spells.ts) has lasted longer than the
 * longest spell it had that started within ±`spellStartWindowHours` of this one's start, plus
 * `spellMarginHours`, plus `spellSpreadFactor` × the spread of those spells (a household whose
 * nights vary a lot gets more slack), at least `minSpellHours`, at most `awayHours`. A night
 * owl who goes to bed two hours late is judged by its late nights; someone who stops at 10:00
 * in a household never quiet by day is found after `minSpellHours`. Before a household has
 * `minHistoryDays` of history the default rule of onegrid-rule.ts applies.
 */
import {
  activeAgain,
  checkDefault,
  expectedKwh,
  LEARN_LAG_HOURS,
  resumeAbove,
  round,
} from './onegrid-rule.ts';
import { learnRhythm, type Rhythm } from './rhythm.ts';
import type { Finding, InactivityRule, RuleContext } from './rule.ts';
import { learnSpells, quietSpell, type SpellModel } from './spells.ts';
import { HOUR, hourOfDay } from './time.ts';
import { SLOT } from './usage-ring.ts';

export interface SpellStartState {
  rhythm: Rhythm | undefined;
  spells: SpellModel | undefined;
  /** Day (hours since epoch / 24, Shanghai) the model was last learnt. */
  learntDay: number;
}

function learnt(ctx: RuleContext, state: SpellStartState): void {
  const day = Math.floor((ctx.hour + 8) / 24);
  if (state.learntDay === day) return;
  // From a fixed point of the day (see onegrid-rule.ts): a detector rebuilt after a restart
  // mid-day learns the same model as the one it replaces.
  const through = day * 24 - 8 - LEARN_LAG_HOURS;
  state.rhythm = learnRhythm(ctx.ring, through, ctx.config);
  const first = Math.max(ctx.ring.latest - ctx.ring.size + 1, through - ctx.ring.size + 1);
  state.spells = state.rhythm ? learnSpells(ctx.ring, first, through, state.rhythm, ctx.config) : undefined;
  state.learntDay = day;
}

function checkSpell(ctx: RuleContext, rhythm: Rhythm, model: SpellModel): Finding | undefined {
  const { ring, hour, config } = ctx;
  // Observed hours only; an hour kept out of learning (an alert's) still counts as quiet here.
  const observed = (s: number) => ring.has(s, SLOT.observed);
  const spell = quietSpell(ring, hour, model.quietKwh, config.awayHours, config, observed);
  if (spell < config.minSpellHours) return undefined;
  const startHod = hourOfDay(hour - spell + 1);
  const limit = model.limit[startHod] as number;
  if (spell < limit) return undefined;
  let elec = 0;
  let water = 0;
  for (let h = hour - spell + 1; h <= hour; h++) {
    elec += ring.elecAt(ring.at(h));
    water += ring.waterAt(ring.at(h));
  }
  return {
    since: (hour - spell + 1) * HOUR,
    evidence: {
      model: 'learnt',
      quiet_hours: spell,
      spell_limit_hours: round(limit, 1),
      usual_longest_quiet_hours: model.longest[startHod] as number,
      spell_spread_hours: round(model.spread[startHod] as number, 1),
      water_m3: round(water),
      electricity_kwh: round(elec),
      expected_electricity_kwh: round(expectedKwh(rhythm, hour, spell)),
      base_load_kwh_per_hour: round(rhythm.baseKwh),
      history_days: round(rhythm.days, 1),
      resume_above_kwh_per_hour: resumeAbove(elec / spell, rhythm.baseKwh),
    },
  };
}

export const spellStartInactivity: InactivityRule<SpellStartState> = {
  name: 'onegrid',
  init: () => ({ rhythm: undefined, spells: undefined, learntDay: Number.NaN }),
  check(ctx, state) {
    learnt(ctx, state);
    return state.rhythm && state.spells
      ? checkSpell(ctx, state.rhythm, state.spells)
      : checkDefault(ctx.ring, ctx.hour, ctx.config);
  },
  resumed(ctx, state, open) {
    learnt(ctx, state);
    return activeAgain(ctx, state.rhythm, open);
  },
  model: (state) => (state.rhythm ? 'learnt' : 'default'),
};
