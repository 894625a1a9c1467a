/**
 * Quiet spells (issue 15): runs of hours with no water and electricity at the always-on level,
 * which is what asleep, out and unable to move all look like to the meters. What tells an
 * incident from a night is how long this household's spells last *when they start about as
 * late as this one did*: a night owl who goes to bed at 01:00 tonight is judged by the nights it
 * went to bed between 23:00 and 03:00, whatever the clock says now. A per-clock-hour maximum
 * (branch wip-margin) does not cover bedtimes that move from day to day; this does.
 */
import { sampleStandardDeviation } from 'simple-statistics';
import type { UtilityConfig } from './config.ts';
import { learnable, type Rhythm } from './rhythm.ts';
import { hourOfDay } from './time.ts';
import type { UsageRing } from './usage-ring.ts';

export interface SpellModel {
  /** Index: hour of the day a spell started. The spell length (h) at which it raises the alert. */
  limit: Float64Array;
  /** Index: hour of the day a spell started. The longest peer spell (h), 0 if none. */
  longest: Float64Array;
  /** Index: hour of the day a spell started. The spread (SD, h) of the peers' daily longest. */
  spread: Float64Array;
  /** Electricity (kWh) at or under which each hour of the day is quiet. */
  quietKwh: Float64Array;
}

/**
 * The level of a quiet hour at each hour of the day: about the always-on load, and never above
 * a share of what the household usually draws at that hour, so a flat whose use is hardly above
 * its base load (or whose air conditioning runs all night) is quiet only when that stopped too.
 */
function quietLevels(rhythm: Rhythm, config: UtilityConfig): Float64Array {
  const levels = new Float64Array(24);
  for (let d = 0; d < 24; d++)
    levels[d] = Math.min(
      rhythm.baseKwh * config.quietFactor + config.quietExtraKwh,
      config.quietMaxRatio * rhythm.median(d),
    );
  return levels;
}

/**
 * The longest quiet spell ending with hour `hour`: the most hours k (up to `max`) such that the
 * last k hours were `usable`, drew no water (≤ eps in all) and drew at most the sum of their
 * quiet levels. A sum, not each hour: a fridge cycle or one light does not break a spell.
 */
export function quietSpell(
  ring: UsageRing,
  hour: number,
  quietKwh: Float64Array,
  max: number,
  config: UtilityConfig,
  usable: (s: number) => boolean,
): number {
  let water = 0;
  let elec = 0;
  let level = 0;
  let longest = 0;
  for (let k = 1; k <= max; k++) {
    const h = hour - k + 1;
    const s = ring.at(h);
    if (s < 0 || !usable(s)) break;
    water += ring.waterAt(s);
    if (water > config.waterEpsM3) break;
    elec += ring.elecAt(s);
    level += quietKwh[hourOfDay(h)] as number;
    if (elec <= level) longest = k;
  }
  return longest;
}

/** Spells in the history (hours `first`..`through`) as [start hour, length], days away left out. */
function pastSpells(
  ring: UsageRing,
  first: number,
  through: number,
  quietKwh: Float64Array,
  config: UtilityConfig,
): [number, number][] {
  const usable = (s: number) => learnable(ring, s, config.minReadingsPerHour);
  const n = through - first + 1;
  if (n <= 0) return [];
  const spells = new Int16Array(n);
  for (let h = first; h <= through; h++)
    spells[h - first] = quietSpell(ring, h, quietKwh, config.awayHours + 1, config, usable);
  // Days away: every hour of a spell that grew longer than `awayHours` is left out, so a trip
  // is not learnt as the household's rhythm (it would hide the next incident for two weeks).
  const away = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const len = spells[i] as number;
    if (len > config.awayHours) away.fill(1, Math.max(0, i - len + 1), i + 1);
  }
  for (let i = n - 1; i > 0; i--) if (away[i] && (spells[i - 1] as number) > 0) away[i - 1] = 1;
  // Each start's final length: the longest run ending anywhere that began at that hour.
  const byStart = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const len = spells[i] as number;
    if (len === 0 || away[i]) continue;
    const start = first + i - len + 1;
    if (len > (byStart.get(start) ?? 0)) byStart.set(start, len);
  }
  return [...byStart];
}

/** Learns, for each hour of the day a spell may start at, how long it may last before the alert. */
export function learnSpells(
  ring: UsageRing,
  first: number,
  through: number,
  rhythm: Rhythm,
  config: UtilityConfig,
): SpellModel {
  const quietKwh = quietLevels(rhythm, config);
  const spells = pastSpells(ring, first, through, quietKwh, config);
  const limit = new Float64Array(24);
  const longest = new Float64Array(24);
  const spread = new Float64Array(24);
  const w = config.spellStartWindowHours;
  for (let d = 0; d < 24; d++) {
    // Peers: spells that started within ±w h of d o'clock; one figure per day, its longest.
    const daily = new Map<number, number>();
    for (const [start, len] of spells) {
      const off = ((((hourOfDay(start) - d) % 24) + 36) % 24) - 12;
      if (Math.abs(off) > w) continue;
      const day = Math.floor((start - off + 8) / 24);
      if (len > (daily.get(day) ?? 0)) daily.set(day, len);
    }
    const lengths = [...daily.values()];
    const top = lengths.length > 0 ? Math.max(...lengths) : 0;
    const sd = lengths.length >= 2 ? sampleStandardDeviation(lengths) : 0;
    longest[d] = top;
    spread[d] = sd;
    const wanted = top > 0 ? top + config.spellMarginHours + config.spellSpreadFactor * sd : 0;
    limit[d] = Math.min(Math.max(config.minSpellHours, wanted), config.awayHours);
  }
  return { limit, longest, spread, quietKwh };
}
