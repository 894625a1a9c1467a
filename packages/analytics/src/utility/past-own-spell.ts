/**
 * A dry spell past every one of the household's own that began at about this clock hour, through
 * hours it is usually lit (issue 15, `pastOwnSpell`). The ratio rule waits until the window's
 * electricity is under 0.75 × the lowest ratio the household ever showed, and that lowest is
 * learnt from its own nights and days out, so a fall at bedtime was found only when the lunch
 * peak did not come (households seeds 1007–1008: elderly people alone fallen 21:00–03:00, 9 of 24
 * incidents, found 10–15 h later), and a fall of someone out all day on ordinary days only the
 * next evening, by the long dry spell's 2 × + 4 h.
 *
 * This asks what the household's own history says directly: its longest dry spell that began
 * within ±`spellStartWindowHours` of this one's start (water-spells.ts; days away left out) is the
 * end of its survival curve. Past it, each hour is one this household has never been dry through
 * from that start; what is left to tell is whether someone is home and quiet, which the hours it
 * is usually lit say: a clock hour whose median electricity is above the flat's own quiet level
 * (`Rhythm.quietHighKwh`, the 98th percentile of its hours between dry hours), now at or under
 * that level. `pastOwnSpellLitHours` such hours, all dark, after the spell has passed its longest
 * peer by `pastOwnSpellExtraHours`, fire. Only usually lit hours count, so a flat with no daily
 * rhythm in its electricity is never judged here.
 */
import type { UtilityConfig } from './config.ts';
import { expectedKwh, resumeAbove, round } from './onegrid-rule.ts';
import type { Rhythm } from './rhythm.ts';
import type { Finding, RuleContext } from './rule.ts';
import { HOUR, hourOfDay } from './time.ts';
import type { DrySpellModel } from './water-spells.ts';
import { currentDrySpell } from './water-spells.ts';

/** The longest current spell looked at (spells over `awayHours` are never learnt as peers). */
const MAX_SPELL_HOURS = 72;

/**
 * Hours of the day this household is usually lit: its median above its own quiet level, by `rise` ×
 * the quiet hours' own spread (`pastOwnSpellLitRise`): where the quiet level holds air-conditioned
 * nights, an hour just above it dips under it on ordinary days at home.
 */
export function litHours(rhythm: Rhythm, rise = 0): boolean[] {
  const quiet = rhythm.quietHighKwh;
  const lit = quiet + rise * Math.max(0, quiet - rhythm.baseKwh);
  return Array.from({ length: 24 }, (_, d) => Number.isFinite(quiet) && rhythm.median(d) > lit);
}

/** The finding, or undefined while the spell is within the household's own or its lit hours are lit. */
export function checkPastOwnSpell(
  ctx: RuleContext,
  rhythm: Rhythm,
  spells: DrySpellModel,
  config: UtilityConfig = ctx.config,
): Finding | undefined {
  const { ring, hour } = ctx;
  const quiet = rhythm.quietHighKwh;
  if (!Number.isFinite(quiet)) return undefined;
  const spell = currentDrySpell(ring, hour, MAX_SPELL_HOURS, config);
  if (spell < config.minQuietHours) return undefined;
  const start = hour - spell + 1;
  const usual = spells.longest[hourOfDay(start)] as number;
  const past = start + usual + config.pastOwnSpellExtraHours + config.waitShiftHours; // first hour past every peer
  if (hour < past) return undefined;
  const lit = litHours(rhythm, config.pastOwnSpellLitRise);
  let n = 0;
  let elec = 0;
  for (let h = Math.max(past, start + 1); h <= hour; h++) {
    if (!lit[hourOfDay(h)]) continue;
    const e = ring.elecAt(ring.at(h));
    if (e > quiet) return undefined; // lit as usual: someone is home
    n++;
    elec += e;
  }
  if (n < config.pastOwnSpellLitHours) return undefined;
  // The spell is dry to `waterEpsM3` an hour, not to zero: the evidence says what it drew.
  let water = 0;
  for (let h = start; h <= hour; h++) water += ring.waterAt(ring.at(h));
  const expected = expectedKwh(rhythm, hour, Math.min(spell, config.maxQuietHours));
  return {
    since: start * HOUR,
    evidence: {
      model: 'learnt',
      path: 'past_own_dry_spell',
      quiet_hours: Math.min(spell, config.maxQuietHours),
      water_m3: round(water),
      dry_spell_hours: spell,
      usual_longest_dry_spell_hours: usual,
      dark_lit_hours: n,
      electricity_kwh: round(elec),
      quiet_high_kwh_per_hour: round(quiet),
      expected_electricity_kwh: round(expected),
      base_load_kwh_per_hour: round(rhythm.baseKwh),
      history_days: round(rhythm.days, 1),
      resume_above_kwh_per_hour: resumeAbove(elec / n, rhythm.baseKwh),
    },
  };
}
