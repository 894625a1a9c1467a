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
 * find), measured in **wet hours**: the hours of the spell at clock hours at which the household
 * draws water on at least `flatWaterWetShare` of its days. Measured in hours, an evening without
 * water and then an early night is a spell begun in the afternoon that lasts till morning, longer
 * than any afternoon's (on enduse seed 21 most of a first version's 86 false alarms were such,
 * found 00:00–07:00); in wet hours it is the evening's few. It fires once the spell has lasted
 * `flatWaterMinHours` and gone through `flatWaterFactor` × the most wet hours of its peers +
 * `flatWaterExtraHours`: an incident is told by the hours the person does not draw water at
 * hours they always do (the morning not got up). No electricity condition: a fall leaves on
 * whatever was on, which is what made these flats slow.
 *
 * Pure: reads the ring, no I/O. Learnt once a day beside the rhythm, from the same hours
 * (long-spell-rule.ts `learntSpan`).
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

/**
 * A mute household's own dry spells: [0, 24) by the clock hour a spell began, the most wet hours
 * a spell begun near it went through; [24, 48) each clock hour's weight as a wet hour (0 when it
 * is not one; 1, or with `flatWaterWeighted` the share of days it drew water).
 */
export type FlatWaterModel = Float32Array;

/** The clock hours at which this household's electricity cannot tell a fall from its ordinary life. */
export function muteHours(rhythm: Rhythm, config: UtilityConfig): number {
  const base = Math.max(rhythm.baseKwh, 1e-3);
  const lowest = rhythm.lowest(RATIO_WINDOW);
  // No lowest ratio learnt: the ratio rule skips every window (checkLearnt), so no hour can be told by it.
  if (Number.isNaN(lowest)) return 24;
  const cap = Math.min(config.ratioMargin * lowest, config.maxRatio);
  let mute = 0;
  for (let d = 0; d < 24; d++) {
    const median = rhythm.median(d);
    if (median <= config.flatWaterMuteFactor * base || cap * median < base) mute++;
  }
  return mute;
}

/**
 * Learns from the hours `first`..`through` (those the rhythm learns from): undefined unless the
 * household is mute. Its **wet hours**: the clock hours at which it drew water on at least
 * `flatWaterWetShare` of its days (up and about). Then, per clock hour, the most wet hours any of
 * its own dry spells begun within ±`spellStartWindowHours` of it went through, days away included
 * (capped at 72 h): a spell is measured by the hours in which the household is usually drawing
 * water, so that an evening without water followed by an early night is not a long spell.
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
  const seen = new Uint16Array(24);
  const drew = new Uint16Array(24);
  for (let h = first; h <= through; h++) {
    const s = ring.at(h);
    if (s < 0 || !usable(s)) continue;
    const d = hourOfDay(h);
    seen[d] = (seen[d] as number) + 1;
    if (ring.waterAt(s) > config.waterEpsM3) drew[d] = (drew[d] as number) + 1;
  }
  const model = new Float32Array(48);
  for (let d = 0; d < 24; d++) model[24 + d] = wetWeight(seen[d] as number, drew[d] as number, config);
  const byStart = new Map<number, number>();
  for (let h = first; h <= through; h++) {
    // Clipped at `first`: the hours before it are held or not as far as the ring has run, so a
    // spell reaching back past it would be learnt differently on a replay (review, session 14).
    const len = drySpell(ring, h, Math.min(MAX_SPELL_HOURS, h - first + 1), config, usable);
    if (len === 0) continue;
    const start = h - len + 1;
    const wet = wetHours(model, start, len);
    if (wet > (byStart.get(start) ?? -1)) byStart.set(start, wet);
  }
  const w = config.spellStartWindowHours;
  for (const [start, wet] of byStart) {
    const hod = hourOfDay(start);
    for (let off = -w; off <= w; off++) {
      const d = (((hod + off) % 24) + 24) % 24;
      if (wet > (model[d] as number)) model[d] = wet;
    }
  }
  return model;
}

/**
 * A clock hour's weight in a dry spell: 0 below `flatWaterWetShare` of days with water; above, 1,
 * or with `flatWaterWeighted` the share itself (a missed morning the person never misses counts
 * more than an afternoon hour they draw water in every other day).
 */
function wetWeight(seen: number, drew: number, config: UtilityConfig): number {
  if (seen === 0 || drew < config.flatWaterWetShare * seen) return 0;
  return config.flatWaterWeighted ? drew / seen : 1;
}

/** Of the `len` hours from `start`, how many fall at the household's wet clock hours (weighted). */
export function wetHours(model: FlatWaterModel, start: number, len: number): number {
  let wet = 0;
  for (let h = start; h < start + len; h++) wet += model[24 + hourOfDay(h)] as number;
  return wet;
}

/** How many wet hours a dry spell begun at a clock hour whose longest peer went through `usual` must go through to fire. */
export const flatWaterHours = (usual: number, config: UtilityConfig): number =>
  usual * config.flatWaterFactor + config.flatWaterExtraHours;

/** The water-only way: a mute household dry for longer than its own spells begun at that hour. */
export function checkFlatWater(ctx: RuleContext, rhythm: Rhythm, model: FlatWaterModel): Finding | undefined {
  const { ring, hour, config } = ctx;
  const spell = currentDrySpell(ring, hour, MAX_SPELL_HOURS, config);
  // Past the cap the spell's real start is unknown, and a start taken 72 h back moves every hour,
  // meeting sooner or later a clock hour whose peers are short: a trip of days, not a finding
  // (households 1008's one false alarm of this way, a traveller 6 days out, was that).
  if (spell < config.flatWaterMinHours || spell >= MAX_SPELL_HOURS) return undefined;
  const start = hour - spell + 1;
  const usual = model[hourOfDay(start)] as number;
  const needed = flatWaterHours(usual, config);
  const wet = wetHours(model, start, spell);
  if (wet < needed) return undefined;
  // The level an end of the alert must rise above: the last hours', as the other ways take it.
  const k = Math.min(spell, config.maxQuietHours);
  let elec = 0;
  let water = 0;
  for (let h = hour - k + 1; h <= hour; h++) {
    elec += ring.elecAt(ring.at(h));
    water += ring.waterAt(ring.at(h));
  }
  // With `flatWaterQuietOnly`: not while the flat draws more than its own quiet hours' high
  // (someone at home switching things on, who simply drew no water).
  // A household with no quiet hours learnt yet (NaN) is refused too, not judged without the check.
  if (config.flatWaterQuietOnly && !(elec / k <= rhythm.quietHighKwh)) return undefined;
  return {
    since: start * HOUR,
    evidence: {
      model: 'learnt',
      path: 'flat_water',
      quiet_hours: k,
      water_m3: round(water),
      electricity_kwh: round(elec),
      dry_spell_hours: spell,
      dry_wet_hours: round(wet, 2),
      usual_most_dry_wet_hours: round(usual, 2),
      needed_dry_wet_hours: round(needed, 2),
      mute_hours: muteHours(rhythm, config),
      base_load_kwh_per_hour: round(rhythm.baseKwh),
      history_days: round(rhythm.days, 1),
      resume_above_kwh_per_hour: resumeAbove(elec / k, rhythm.baseKwh),
    },
  };
}
