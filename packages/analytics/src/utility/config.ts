import { z } from 'zod';
import { HOUR, MINUTE } from './time.ts';

/**
 * Tuning of the utility detectors, validated at start-up. Every field has a default: `{}` is the
 * configuration the README's figures were measured with.
 */
export const utilityConfigSchema = z.object({
  /** Days of hourly history kept per household to learn its rhythm. */
  historyDays: z.int().min(3).max(56).default(14),
  /**
   * Days of usable hours (both meters reported, outside any alert) before a household is judged
   * on its own rhythm: a full week, so that its weekend is in it. Before that, the default rule.
   */
  minHistoryDays: z.int().min(2).max(56).default(7),
  /** An hour is evaluated (and its row emitted) once the watermark is this far past its end. */
  settleMs: z
    .int()
    .min(0)
    .max(HOUR)
    .default(15 * MINUTE),
  /** A meter whose latest reading is this close to an hour's end is taken to have covered it (clock skew). */
  skewToleranceMs: z
    .int()
    .min(0)
    .max(30 * MINUTE)
    .default(6 * MINUTE),
  /** Readings a meter must deliver in an hour for the hour to count as observed. */
  minReadingsPerHour: z.int().min(1).max(60).default(3),
  /** Water below this over a quiet window (m3) is "no water use": one litre of rounding. */
  waterEpsM3: z.number().min(0).max(0.1).default(0.001),
  /**
   * Shortest and longest quiet windows (hours) the learned rule tests. 3, not 2, since 2026-12-06:
   * on the households generator 2-3 h windows were most of the false alarms of people at home
   * (an afternoon walk or a nap at an hour whose median is the evening's lights and cooking).
   */
  minQuietHours: z.int().min(1).max(24).default(3),
  maxQuietHours: z.int().min(1).max(48).default(12),
  /** A window is inactive when its electricity ratio is below margin × the household's lowest normal ratio… */
  ratioMargin: z.number().min(0.1).max(1).default(0.75),
  /** …and never above this ratio to the household's median at those hours. */
  maxRatio: z.number().min(0.1).max(1).default(0.7),
  /**
   * Which learnt inactivity rule judges a household with enough history: `ratio` (onegrid-rule.ts,
   * the kept rule) or `spell_start` (spell-start-rule.ts, issue 15: a quiet spell longer than the
   * household's own spells that started about as late, see spells.ts) or `ratio_dry_spell`
   * (dry-spell-rule.ts: the ratio rule confirmed by the household's own dry spells that started
   * at about the same clock hour, see water-spells.ts) or `ratio_long_spell` (the default since
   * 2026-12-06, long-spell-rule.ts: the ratio rule, or a dry spell far longer than the household's
   * own that began at about the same clock hour with the flat well under its median).
   */
  inactivityModel: z
    .enum(['ratio', 'spell_start', 'ratio_dry_spell', 'ratio_long_spell'])
    .default('ratio_long_spell'),
  /**
   * What electricity ends an open inactivity alert without water: `alert` (until 2026-12-06: two
   * hours in a row above the alert's own `resume_above_kwh_per_hour`) or `quiet_hours` (the
   * default: above that AND above a high quantile of the household's own electricity in hours it
   * drew no water, between dry hours; a fridge cycling through an incident reaches its nights'
   * level, not that quantile, and used to end the alert; see `activeAgain`).
   */
  resumeLevel: z.enum(['alert', 'quiet_hours']).default('quiet_hours'),
  /**
   * What the rules read of a closed hour: its float32 sum of the readings' shares (off, as
   * until 2026-12-07), or the value its stored row holds (6 decimals, as float32: `storedHourValue`).
   * A detector rebuilt after a restart has only the rows (or a snapshot of them) and read the
   * 6-decimal values where the one before read the float32 sums a few float32 steps away: a
   * ratio at its threshold, a quantile or a `toFixed(3)` on a half then came out otherwise
   * (issue 15 item 1, households seed 1007: 4 statuses missing, 8 extra). On, every reader
   * sees what the store keeps, and a restart judges alike; it moves those boundary cases on
   * uninterrupted runs too (restore16, utility MEASURED.md). On by default since 2026-12-07
   * (session 17), chosen for exactness, not judgement: a rebalance must not change who gets a
   * visit. On development feeds (in process, 14 d + 168 h) it moved 0 of 15 statuses on the
   * simulator 12 (1,000 households), +1 false alarm on households 1008 and +2 on 1007 (400
   * each): ties at a 0.5 ratio that the float32 sums had put a step above.
   */
  storedPrecision: z.boolean().default(true),
  /** `ratio_long_spell`: a dry spell of at least factor × the household's longest peer + extra hours… */
  longSpellFactor: z.number().min(1).max(10).default(2),
  longSpellExtraHours: z.number().min(0).max(48).default(4),
  /** …whose last k hours drew at most this share of the household's median electricity at those hours. */
  longSpellMaxRatio: z.number().min(0.05).max(1).default(0.5),
  /** …over windows of this many hours or more (a long day out's only give-away is its usual evening hours). */
  longSpellMinWindowHours: z.int().min(1).max(24).default(2),
  /**
   * `ratio_long_spell`: also fire on a load left on (steady-load.ts): a dry spell whose last
   * `steadyLoadHours` hours all drew more than the household's own rest level (asleep, out) and
   * differ by no more than its cold appliances move an hour. Chosen on enduse seeds 21–24.
   */
  steadyLoad: z.boolean().default(false),
  steadyLoadHours: z.int().min(2).max(24).default(5),
  /**
   * …and, when the household's own history (days away left out) holds such steady dry spells that
   * began within ±`spellStartWindowHours` of this one's start, only once this spell has outlasted
   * the longest of them by `steadyLoadOwnExtraHours`: its ordinary days are not a load left on.
   */
  steadyLoadBeyondOwn: z.boolean().default(true),
  steadyLoadOwnExtraHours: z.int().min(0).max(48).default(2),
  /**
   * …and the steady hours' lowest at least this many times the rest's own movement (its high
   * minus its low quantile) above its high: a load left on lifts the flat clear of its rest
   * (chosen on development dumps: enduse 21–24, simulator 12, households 1003–1005).
   */
  steadyLoadMinRise: z.number().min(0).max(10).default(0.5),
  /**
   * `ratio_long_spell`: the ratio rule's finding stands only once the current absence (no water,
   * each hour at most the fired window's highest × (1 + `ownAbsenceTolerance`) +
   * `ownAbsenceExtraKwh`) has outlasted by `ownAbsenceExtraHours` the household's own longest
   * such absence that began within ±`spellStartWindowHours` of its clock hour (own-absence.ts).
   * On since 2026-12-07 with the three options below (development data: households 1007, enduse 21,
   * simulator 7, 12, 13; utility README, "Development data, 2026-12-07 (branch `wip-inact13`)").
   */
  ratioBeyondOwnAbsence: z.boolean().default(true),
  ownAbsenceExtraHours: z.int().min(0).max(24).default(0),
  ownAbsenceTolerance: z.number().min(0).max(2).default(0.1),
  ownAbsenceExtraKwh: z.number().min(0).max(1).default(0.01),
  /** …and a silence that holds the household's night (its lowest-median clock hour) is judged by the ratio rule alone, nights being no peers. */
  ownAbsenceSkipNights: z.boolean().default(true),
  /**
   * …and the household's own absences are read from alerts' hours too (own-absence.ts, `peerHour`).
   * Off (lead, review of wip-inact13): without a grid worker's verdict an alerted silence may have
   * been a real fall that ended when help came (lights on 3 h after the alert); as a peer it holds
   * the next fall's alert back by that response time, and each incident lengthens the precedent.
   * Its cut of repeated false alarms (enduse 21's evenings out) needs feedback on false alarms.
   */
  ownAbsenceFromAlerts: z.boolean().default(false),
  /** …and a peer must have drawn, after its first hour, no more than this absence does after its own (`levelCap`). */
  ownAbsenceSameLevel: z.boolean().default(true),
  /**
   * `ratio_long_spell`: also fire when the current dry spell has passed the household's own longest
   * that began within ±`spellStartWindowHours` of its start by `pastOwnSpellExtraHours`, and
   * `pastOwnSpellLitHours` of its hours since then that are usually lit (median above the quiet
   * hours' level) were at or under that level (past-own-spell.ts). On since 2026-12-07 (session 14,
   * chosen on households 1007–1008: +2 h and 2 lit hours added no false alarm, +1 h or 1 lit hour
   * did; utility README, "Development data, 2026-12-07 (branch `wip-inact14`)").
   */
  pastOwnSpell: z.boolean().default(true),
  pastOwnSpellExtraHours: z.int().min(0).max(24).default(2),
  pastOwnSpellLitHours: z.int().min(1).max(12).default(2),
  /**
   * …an hour counts as usually lit only when its median clears the quiet level by this share of
   * the quiet hours' own spread (quiet level − always-on load), as `steadyLoadMinRise` asks of a
   * load left on. Off (0): on the simulator it removes the way's false alarms (seed 12, 2,000
   * households: 27 → 22), but it adds one on households 1008 and lengthens p90 delays (utility
   * README, "Development data, 2026-12-07 (branch `wip-inact15`)").
   */
  pastOwnSpellLitRise: z.number().min(0).max(10).default(0),
  /**
   * `ratio_long_spell`: hours added to every wait past the household's own history (the own
   * absence the ratio way must outlast, the own dry spell `pastOwnSpell` must pass, the long dry
   * spell's 2 × + 4 h); negative alerts earlier. One knob that moves the detector along its
   * operating curve (false alarms against delay; issue 15, MEASURED.md "Operating curve"). 0: the
   * rules as they are, every decision unchanged.
   */
  waitShiftHours: z.int().min(-24).max(48).default(0),
  /**
   * `ratio_long_spell`: also a water-only way for households whose electricity says little
   * (flat-water.ts): mute at `flatWaterMinMuteHours` or more clock hours (median within
   * `flatWaterMuteFactor` × the always-on load, or a fall to that load would not pass the ratio
   * rule), dry for `flatWaterMinHours` and through `flatWaterFactor` × the most wet hours (clock
   * hours it draws water on `flatWaterWetShare` of its days) of its own dry spells begun then
   * (days away included) + `flatWaterExtraHours`. Weighted and quiet-only, chosen on development
   * data: enduse 21, households 1007 and 1008, simulator 12 at 300 households (utility README,
   * "Development data, 2026-12-07 (branch `wip-flat14`)"). **Off by default** since the lead's
   * run of the tuning generator at 2,000 households (simulator 12 in process, session 14): it added
   * 6 false alarms of 33 (0.058 → 0.071 per household per month) for a shorter p90 on one enduse
   * seed and no incident found that was not found without it.
   */
  flatWater: z.boolean().default(false),
  flatWaterMuteFactor: z.number().min(1).max(10).default(2),
  flatWaterMinMuteHours: z.int().min(1).max(24).default(18),
  flatWaterFactor: z.number().min(1).max(10).default(1),
  flatWaterExtraHours: z.number().min(0).max(48).default(4),
  flatWaterMinHours: z.int().min(1).max(72).default(8),
  flatWaterWetShare: z.number().min(0.05).max(1).default(0.25),
  /** …each wet hour counted as the share of days it drew water, not as 1. */
  flatWaterWeighted: z.boolean().default(true),
  /** …and only while the last hours draw at most the household's own quiet hours' high (`Rhythm.quietHighKwh`). */
  flatWaterQuietOnly: z.boolean().default(true),
  /**
   * `spell_start`: an hour is quiet when it draws no water and, summed over the spell, at most
   * `quietFactor` × the always-on load + `quietExtraKwh`, never above `quietMaxRatio` × its median.
   */
  quietFactor: z.number().min(1).max(5).default(1.5),
  quietExtraKwh: z.number().min(0).max(1).default(0.02),
  quietMaxRatio: z.number().min(0.1).max(1).default(0.6),
  /** `spell_start`, `ratio_dry_spell`: past spells that started within this many hours of the current one's start are its peers… */
  spellStartWindowHours: z.int().min(0).max(12).default(2),
  /** …the alert fires past the longest peer + `spellMarginHours` + `spellSpreadFactor` × the peers' spread (h)… */
  spellMarginHours: z.number().min(0).max(24).default(2),
  spellSpreadFactor: z.number().min(0).max(5).default(1),
  /** …and never before `minSpellHours`. */
  minSpellHours: z.int().min(1).max(24).default(3),
  /** `spell_start`, `ratio_dry_spell`: a spell longer than this is a day away: never learnt (`spell_start`: always alarmed). */
  awayHours: z.int().min(6).max(72).default(20),
  /** Default rule (a household without enough history): quiet hours with flat electricity. */
  defaultQuietHours: z.int().min(2).max(48).default(10),
  defaultFlatKwh: z.number().min(0).max(1).default(0.025),
  defaultFlatShare: z.number().min(0).max(1).default(0.15),
  /** Silence after which a meter is offline. */
  offlineAfterMs: z
    .int()
    .min(15 * MINUTE)
    .max(48 * HOUR)
    .default(2 * HOUR),
  /** A grid outage: at least this many meters of one kind in a grid, and this share of them, silent together. */
  gridOutageMinMeters: z.int().min(2).default(5),
  gridOutageShare: z.number().min(0.1).max(1).default(0.5),
  /**
   * Water running (see water-running.ts): a run is every interval flowing at least
   * `waterRunningMinFlowM3h`. It is a tap left running when it is steady for `waterSteadyMs`
   * (coefficient of variation of its interval rates at most `waterSteadyCv`), or `waterDryMs` of
   * it falls in hours whose wet share is at most `waterDryShare`, or it outlasts the household's
   * own longest heavy run at those hours by `waterMarginMs` (and lasts `waterRunningMs`). Without
   * history: steady, or `waterFallbackMs`.
   */
  waterRunningMs: z
    .int()
    .min(30 * MINUTE)
    .max(24 * HOUR)
    .default(3 * HOUR),
  waterRunningMinFlowM3h: z.number().min(0.001).max(10).default(0.1),
  /**
   * A run is counted down to this flow (m3/h), so a tap left at a trickle under
   * `waterRunningMinFlowM3h` (a 0.085 m3/h tap, or 0.106 on a 10 L register, which reads 20 L and
   * 30 L quarters in turn) still makes one run. Such a run is a tap only when it is steady for
   * `waterTrickleSteadyMs`: people's small uses at these rates are steady for 90 min often enough
   * (8 false alarms in a week of 500 households with the 90 min). The other rules look, as before,
   * at the streak of intervals at or above `waterRunningMinFlowM3h` inside it (water-flow.ts).
   */
  waterTrickleMinFlowM3h: z.number().min(0.001).max(10).default(0.06),
  waterTrickleSteadyMs: z
    .int()
    .min(15 * MINUTE)
    .max(24 * HOUR)
    .default(3 * HOUR),
  waterSteadyMs: z
    .int()
    .min(15 * MINUTE)
    .max(24 * HOUR)
    .default(90 * MINUTE),
  waterSteadyCv: z.number().min(0).max(2).default(0.25),
  /**
   * Which steady rules also look at the run's steady tail (water-flow.ts), not only the whole run
   * or streak: a tap with people drawing water on top now and then. `off`: as before 2026-12-07.
   */
  waterSteadyTail: z.enum(['off', 'trickle', 'all']).default('all'),
  /**
   * Share of the steady tail's intervals that may lie above its rates and be passed over rather
   * than start the tail afresh: a tap under people's draws (a toilet, a shower on top of it) adds
   * to the tap, never takes from it. 0: every such interval starts it afresh (before session 13;
   * enduse seed 26 missed a 2-hour tap under a family's morning and found another 6.5 h late).
   */
  waterTailAboveShare: z.number().min(0).max(0.5).default(0.25),
  waterDryMs: z
    .int()
    .min(15 * MINUTE)
    .max(24 * HOUR)
    .default(HOUR),
  waterDryShare: z.number().min(0).max(1).default(0.1),
  /**
   * A trickle (a run under `waterRunningMinFlowM3h`, down to `waterTrickleMinFlowM3h`) that has
   * flowed this long through the household's dry hours is a tap (`dry_hours`), without waiting
   * `waterTrickleSteadyMs` for it to prove steady. 0: off (as before 2026-12-07, session 13);
   * an hour, as `waterDryMs` (enduse seed 25 HH-60000310 found at 2.5 h, not 3).
   */
  waterTrickleDryMs: z
    .int()
    .min(0)
    .max(24 * HOUR)
    .default(HOUR),
  waterMarginMs: z
    .int()
    .min(0)
    .max(24 * HOUR)
    .default(90 * MINUTE),
  waterFallbackMs: z
    .int()
    .min(30 * MINUTE)
    .max(48 * HOUR)
    .default(6 * HOUR),
  /** An open water_running alert ends after water has not run for this long; a shorter pause is the same condition. */
  waterPauseMs: z
    .int()
    .min(0)
    .max(12 * HOUR)
    .default(HOUR),
  /** An open meter_offline ends once the meter has reported again for this long; a flap is the same condition. */
  offlineBackMs: z
    .int()
    .min(0)
    .max(12 * HOUR)
    .default(HOUR),
  /** Intervals longer than this (a gap) break a run of flow: nobody saw it flow without pause. */
  waterRunningMaxIntervalMs: z
    .int()
    .min(MINUTE)
    .max(6 * HOUR)
    .default(35 * MINUTE),
  /**
   * A meter silent longer than this no longer holds back the replay point: after a restart its
   * next reading starts afresh and the usage over its gap stays unattributed (never zero).
   */
  maxGapMs: z
    .int()
    .min(HOUR)
    .max(14 * 24 * HOUR)
    .default(6 * HOUR),
});

export type UtilityConfig = z.output<typeof utilityConfigSchema>;
export type UtilityConfigInput = z.input<typeof utilityConfigSchema>;

/** Parses options; throws zod's error naming each bad field (a configuration must fail fast). */
export const parseUtilityConfig = (input: UtilityConfigInput = {}): UtilityConfig =>
  utilityConfigSchema.parse(input);
