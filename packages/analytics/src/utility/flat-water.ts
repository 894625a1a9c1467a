/**
 * A water-only judgement for flats whose electricity says little (issue 15, `flatWater`). The
 * ratio rule asks electricity to fall below what the household has ever drawn at those clock
 * hours; the long dry spell asks it to be ≤ half the median. Neither can fire where the flat's
 * median is its always-on load at nearly every hour (cold appliances, standby; one lit hour a
 * day at most), or where a fall to the always-on load would not pass the household's own lowest
 * ratios (learnt from its days out): on enduse development seed 21, five of eight incidents were
 * found 13–58 h late on such flats, with water, the only signal left, silent since the fall.
 *
 * Such a household is **mute**: at `flatWaterMinMuteHours` or more of the 24 clock hours, its
 * median is within `flatWaterMuteFactor` × its always-on load, or a fall to that load would not
 * pass the ratio rule over 3 h (min(ratioMargin × lowest ratio, maxRatio) × median < the load).
 * For a mute household only, the current dry spell (observed hours drawing ≤ 1 L together) is
 * judged against its own dry spells that began within ±`spellStartWindowHours` of the same clock
 * hour, **days away included** (a very low user's or a traveller's long dry spells are its own
 * ordinary life here; this way only adds findings, so erring long loses nothing the other ways
 * find): it fires once the spell is at least `flatWaterFactor` × the longest of them +
 * `flatWaterExtraHours`, and never before `flatWaterMinHours`. No electricity condition: a
 * fall leaves on whatever was on, which is what made these flats slow.
 *
 * Pure: reads the ring, no I/O. Learnt once a day beside the rhythm, from the same hours.
 */
import type { UtilityConfig } from './config.ts';
import { resumeAbove, round } from './onegrid-rule.ts';
import { learnable, type Rhythm } from './rhythm.ts';
import type { Finding, RuleContext } from './rule.ts';
import { HOUR, hourOfDay } from './time.ts';
import type { UsageRing } from './usage-ring.ts';
import { currentDrySpell, drySpell } from './water-spells.ts';

/** The longest dry spell looked at, learnt or current (h); a longer one counts as this long. */
const MAX_SPELL_HOURS = 72;

/** The ratio rule's shortest window: the one a fall must pass soonest. */
const RATIO_WINDOW = 3;

/** A mute household's own dry spells: index, the clock hour a spell began; the longest begun near it (h). */
export type FlatWaterModel = Uint8Array;

/** The clock hours at which this household's electricity cannot tell a fall from its ordinary life. */
export function muteHours(rhythm: Rhythm, config: UtilityConfig): number {
  const base = Math.max(rhythm.baseKwh, 1e-3);
  const lowest = rhythm.lowest(RATIO_WINDOW);
  const cap = Number.isNaN(lowest) ? config.maxRatio : Math.min(config.ratioMargin * lowest, config.maxRatio);
  let mute = 0;
  for (let d = 0; d < 24; d++) {
    const median = rhythm.median(d);
    if (median <= config.flatWaterMuteFactor * base || cap * median < base) mute++;
  }
  return mute;
}

/**
 * Learns from the hours `first`..`through` (those the rhythm learns from): undefined unless the
 * household is mute; else, per clock hour, the longest dry spell of its history begun within
 * ±`spellStartWindowHours` of it, days away included (capped at 72 h).
 */
export function learnFlatWater(
  ring: UsageRing,
  first: number,
  through: number,
  rhythm: Rhythm,
  config: UtilityConfig,
): FlatWaterModel | undefined {
  if (muteHours(rhythm, config) < config.flatWaterMinMuteHours) return undefined;
  const usable = (s: number) => learnable(ring, s, config.minReadingsPerHour);
  const byStart = new Map<number, number>();
  for (let h = first; h <= through; h++) {
    const len = drySpell(ring, h, MAX_SPELL_HOURS, config, usable);
    if (len === 0) continue;
    const start = h - len + 1;
    if (len > (byStart.get(start) ?? 0)) byStart.set(start, len);
  }
  const longest = new Uint8Array(24);
  const w = config.spellStartWindowHours;
  for (const [start, len] of byStart) {
    const hod = hourOfDay(start);
    for (let off = -w; off <= w; off++) {
      const d = (((hod + off) % 24) + 24) % 24;
      if (len > (longest[d] as number)) longest[d] = len;
    }
  }
  return longest;
}

/** How long a dry spell begun at a clock hour whose longest peer is `usual` must last to fire (h). */
export const flatWaterHours = (usual: number, config: UtilityConfig): number =>
  Math.max(config.flatWaterMinHours, usual * config.flatWaterFactor + config.flatWaterExtraHours);

/** The water-only way: a mute household dry for longer than its own spells begun at that hour. */
export function checkFlatWater(ctx: RuleContext, rhythm: Rhythm, model: FlatWaterModel): Finding | undefined {
  const { ring, hour, config } = ctx;
  const spell = currentDrySpell(ring, hour, MAX_SPELL_HOURS, config);
  if (spell < config.flatWaterMinHours) return undefined;
  const start = hour - spell + 1;
  const usual = model[hourOfDay(start)] as number;
  const needed = flatWaterHours(usual, config);
  if (spell < needed) return undefined;
  // The level an end of the alert must rise above: the last hours', as the other ways take it.
  const k = Math.min(spell, config.maxQuietHours);
  let elec = 0;
  let water = 0;
  for (let h = hour - k + 1; h <= hour; h++) {
    elec += ring.elecAt(ring.at(h));
    water += ring.waterAt(ring.at(h));
  }
  return {
    since: start * HOUR,
    evidence: {
      model: 'learnt',
      path: 'flat_water',
      quiet_hours: k,
      water_m3: round(water),
      electricity_kwh: round(elec),
      dry_spell_hours: spell,
      usual_longest_dry_spell_hours: usual,
      needed_dry_spell_hours: needed,
      mute_hours: muteHours(rhythm, config),
      base_load_kwh_per_hour: round(rhythm.baseKwh),
      history_days: round(rhythm.days, 1),
      resume_above_kwh_per_hour: resumeAbove(elec / k, rhythm.baseKwh),
    },
  };
}
