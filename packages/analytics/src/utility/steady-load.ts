/**
 * A load left on (issue 15, `steadyLoad`): the shape of electricity, not its level. A person who
 * leaves or goes to bed switches things off, so the flat falls to its asleep/away level (the
 * always-on load, cold appliances cycling). A person who falls leaves on what was on (lights, a
 * TV, a heater) and switches nothing else: the hours stay flat *above* that level, with no water.
 * Someone at home and up uses water within hours and switches things on and off.
 *
 * The household's own asleep/away level is learnt from its history: the hours inside its dry
 * spells of at least `REST_SPELL_HOURS` (nights and days out; a shorter spell is as often an
 * evening in front of the TV), leaving out each spell's first and last hour (going to bed,
 * getting up), and not its days away (over `awayHours`, learnt neither here nor elsewhere). Its
 * high quantile is the level a rest never passes but a few hours a fortnight; its low quantile,
 * the always-on load; their gap, how much the cold appliances alone move an hour.
 *
 * The rule fires when the current dry spell has lasted `steadyLoadHours` and every one of its
 * last `steadyLoadHours` hours drew more than the rest level + `steadyLoadMinRise` × the gap
 * while they differ from each other by no more than the gap: no switching. The rise because the
 * gap is not always a fridge's: where the air conditioning cycles through the night it is an
 * evening's size (the simulator). Window chosen on enduse seeds 21–24, rise on those, simulator 12
 * and households 1003–1005 (development data), see the utility README, "A load left on".
 */
import { quantile } from 'simple-statistics';
import type { UtilityConfig } from './config.ts';
import { resumeAbove, round } from './onegrid-rule.ts';
import { learnable } from './rhythm.ts';
import type { Finding, RuleContext } from './rule.ts';
import { HOUR, hourOfDay } from './time.ts';
import type { UsageRing } from './usage-ring.ts';
import { currentDrySpell, drySpell } from './water-spells.ts';

export interface RestLevel {
  /** A high quantile of hourly electricity at rest (asleep, out): above it, something is on. */
  highKwh: number;
  /** A low quantile of the same: the always-on load. */
  lowKwh: number;
  /**
   * Index: hour of the day a dry spell started. The longest dry spell of the history that began
   * within ±`spellStartWindowHours` of it and held a steady load by this rule (h), 0 if none: the
   * household's own ordinary days that look like a load left on (`steadyLoadBeyondOwn`).
   */
  ownSteady: Uint8Array;
}

/** Dry spells this long or longer are rest (a night, a day out), shorter ones as often an evening in. */
const REST_SPELL_HOURS = 6;
/** The rest level: passed by about one rest hour in ten (a freezer's defrost, a late light). */
const REST_HIGH_QUANTILE = 0.9;
const REST_LOW_QUANTILE = 0.05;
/** Fewest rest hours for a level: a day's worth. */
const MIN_REST_HOURS = 24;

interface SteadyWindow {
  lo: number;
  hi: number;
  sum: number;
}

/**
 * The last `k` hours up to `hour` when each drew more than the rest level + `rise` × its gap and
 * they differ by no more than that gap. The rise: from hourly sums a lamp left on can be told from
 * the rest's own hours only when it lifts the flat above them by more than they move among
 * themselves (a flat whose nights move by 0.3 kWh an hour with the air conditioning has steady
 * hours of that size every night; the simulator's did).
 */
function steadyWindow(
  ring: UsageRing,
  hour: number,
  k: number,
  high: number,
  gap: number,
  rise: number,
): SteadyWindow | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  let sum = 0;
  for (let x = hour - k + 1; x <= hour; x++) {
    const e = ring.elecAt(ring.at(x));
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
    sum += e;
  }
  // 1e-9: hourly values are float32 sums of 0.01 kWh steps; equal gaps must compare equal.
  return lo <= high + rise * gap || hi - lo > gap + 1e-9 ? undefined : { lo, hi, sum };
}

/** Learns the rest level from the hours `first`..`through`; undefined when too few rest hours. */
export function learnRestLevel(
  ring: UsageRing,
  first: number,
  through: number,
  config: UtilityConfig,
): RestLevel | undefined {
  const usable = (s: number) => learnable(ring, s, config.minReadingsPerHour);
  const rest: number[] = [];
  const away = new Uint8Array(Math.max(0, through - first + 1));
  let h = through;
  // Walk spells backwards: each maximal dry run ending at h, however long (capped at
  // `awayHours` + 1, a trip was skipped only for its last part and the rest learnt as rest).
  while (h >= first) {
    const len = drySpell(ring, h, h - first + 1, config, usable);
    if (len === 0) {
      h--;
      continue;
    }
    if (len > config.awayHours) away.fill(1, h - len + 1 - first, h - first + 1);
    else if (len >= REST_SPELL_HOURS)
      for (let x = h - len + 2; x <= h - 1; x++) rest.push(ring.elecAt(ring.at(x)));
    h -= len;
  }
  if (rest.length < MIN_REST_HOURS) return undefined;
  const highKwh = quantile(rest, REST_HIGH_QUANTILE);
  const lowKwh = quantile(rest, REST_LOW_QUANTILE);
  return {
    highKwh,
    lowKwh,
    ownSteady: learnOwnSteady(ring, first, through, highKwh - lowKwh, highKwh, away, config),
  };
}

/**
 * The household's own steady dry spells: every hour of the history (days away left out) at which
 * this rule would have fired, kept as the longest such spell by the clock hour it began. A flat
 * whose ordinary afternoons are dry for hours with the same appliances on (someone at home who
 * draws water seldom) shows it here; a fall with the lamp on is past it.
 */
function learnOwnSteady(
  ring: UsageRing,
  first: number,
  through: number,
  gap: number,
  high: number,
  away: Uint8Array,
  config: UtilityConfig,
): Uint8Array {
  const usable = (s: number) => learnable(ring, s, config.minReadingsPerHour);
  const own = new Uint8Array(24);
  const k = config.steadyLoadHours;
  const w = config.spellStartWindowHours;
  for (let h = first + k - 1; h <= through; h++) {
    if (away[h - first] === 1) continue;
    const spell = drySpell(ring, h, Math.min(h - first + 1, config.awayHours), config, usable);
    if (spell < k || !steadyWindow(ring, h, k, high, gap, config.steadyLoadMinRise)) continue;
    const hod = hourOfDay(h - spell + 1);
    for (let off = -w; off <= w; off++) {
      const d = (((hod + off) % 24) + 24) % 24;
      own[d] = Math.max(own[d] as number, Math.min(spell, 255));
    }
  }
  return own;
}

/** The current spell is counted up to three days (past every learnt limit). */
const MAX_SPELL_HOURS = 72;

/**
 * Fires on a dry spell whose last `steadyLoadHours` hours stay flat above the rest level and,
 * with `steadyLoadBeyondOwn`, that has outlasted by `steadyLoadOwnExtraHours` the longest such
 * spell of the household's own history that began near the same clock hour.
 */
export function checkSteadyLoad(ctx: RuleContext, rest: RestLevel, baseKwh: number): Finding | undefined {
  const { ring, hour, config } = ctx;
  const k = config.steadyLoadHours;
  const spell = currentDrySpell(ring, hour, MAX_SPELL_HOURS, config);
  if (spell < k) return undefined;
  const own = rest.ownSteady[hourOfDay(hour - spell + 1)] as number;
  if (config.steadyLoadBeyondOwn && own > 0 && spell < own + config.steadyLoadOwnExtraHours) return undefined;
  const steady = steadyWindow(
    ring,
    hour,
    k,
    rest.highKwh,
    rest.highKwh - rest.lowKwh,
    config.steadyLoadMinRise,
  );
  if (!steady) return undefined;
  const { lo, hi, sum } = steady;
  const mean = sum / k;
  return {
    since: (hour - spell + 1) * HOUR,
    evidence: {
      model: 'learnt',
      path: 'steady_load',
      quiet_hours: k,
      water_m3: 0,
      electricity_kwh: round(sum),
      steady_kwh_per_hour: round(mean),
      steady_range_kwh: round(hi - lo),
      rest_high_kwh_per_hour: round(rest.highKwh),
      rest_low_kwh_per_hour: round(rest.lowKwh),
      dry_spell_hours: spell,
      usual_longest_steady_spell_hours: own,
      base_load_kwh_per_hour: round(baseKwh),
      // Ends when the flat goes above the load left on, or water runs: someone is about again.
      resume_above_kwh_per_hour: resumeAbove(mean, baseKwh),
    },
  };
}
