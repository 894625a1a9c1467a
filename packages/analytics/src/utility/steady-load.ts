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
 * last `steadyLoadHours` hours drew more than the rest level while they differ from each other
 * by no more than the cold appliances' own gap: no switching. Chosen on enduse seeds 21–24
 * (development data), see the utility README, "A load left on".
 */
import { quantile } from 'simple-statistics';
import type { UtilityConfig } from './config.ts';
import { resumeAbove, round } from './onegrid-rule.ts';
import { learnable } from './rhythm.ts';
import type { Finding, RuleContext } from './rule.ts';
import { HOUR } from './time.ts';
import type { UsageRing } from './usage-ring.ts';
import { currentDrySpell, drySpell } from './water-spells.ts';

export interface RestLevel {
  /** A high quantile of hourly electricity at rest (asleep, out): above it, something is on. */
  highKwh: number;
  /** A low quantile of the same: the always-on load. */
  lowKwh: number;
}

/** Dry spells this long or longer are rest (a night, a day out), shorter ones as often an evening in. */
const REST_SPELL_HOURS = 6;
/** The rest level: passed by about one rest hour in ten (a freezer's defrost, a late light). */
const REST_HIGH_QUANTILE = 0.9;
const REST_LOW_QUANTILE = 0.05;
/** Fewest rest hours for a level: a day's worth. */
const MIN_REST_HOURS = 24;

/** Learns the rest level from the hours `first`..`through`; undefined when too few rest hours. */
export function learnRestLevel(
  ring: UsageRing,
  first: number,
  through: number,
  config: UtilityConfig,
): RestLevel | undefined {
  const usable = (s: number) => learnable(ring, s, config.minReadingsPerHour);
  const rest: number[] = [];
  let h = through;
  // Walk spells backwards: each maximal dry run ending at h, however long (uncapped: capped at
  // `awayHours` + 1, a trip was skipped only for its last part and the rest learnt as rest).
  while (h >= first) {
    const len = drySpell(ring, h, h - first + 1, config, usable);
    if (len === 0) {
      h--;
      continue;
    }
    if (len >= REST_SPELL_HOURS && len <= config.awayHours)
      for (let x = h - len + 2; x <= h - 1; x++) rest.push(ring.elecAt(ring.at(x)));
    h -= len;
  }
  if (rest.length < MIN_REST_HOURS) return undefined;
  return { highKwh: quantile(rest, REST_HIGH_QUANTILE), lowKwh: quantile(rest, REST_LOW_QUANTILE) };
}

/** The current spell is counted up to three days (past every learnt limit). */
const MAX_SPELL_HOURS = 72;

/** Fires on a dry spell whose last `steadyLoadHours` hours stay flat above the rest level. */
export function checkSteadyLoad(ctx: RuleContext, rest: RestLevel, baseKwh: number): Finding | undefined {
  const { ring, hour, config } = ctx;
  const k = config.steadyLoadHours;
  const spell = currentDrySpell(ring, hour, MAX_SPELL_HOURS, config);
  if (spell < k) return undefined;
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  let sum = 0;
  for (let x = hour - k + 1; x <= hour; x++) {
    const e = ring.elecAt(ring.at(x));
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
    sum += e;
  }
  const gap = rest.highKwh - rest.lowKwh;
  // 1e-9: hourly values are float32 sums of 0.01 kWh steps; equal gaps must compare equal.
  if (lo <= rest.highKwh || hi - lo > gap + 1e-9) return undefined;
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
      base_load_kwh_per_hour: round(baseKwh),
      // Ends when the flat goes above the load left on, or water runs: someone is about again.
      resume_above_kwh_per_hour: resumeAbove(mean, baseKwh),
    },
  };
}
