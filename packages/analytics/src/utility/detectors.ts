/** The three detectors, one engine: onegrid's, and the two baselines it is measured against. */
import { fixedThresholdInactivity, type TwoDayState, twoDayInactivity } from './baselines.ts';
import { parseUtilityConfig, type UtilityConfigInput } from './config.ts';
import { type DetectorDeps, HourlyDetector } from './detector.ts';
import { type DrySpellState, drySpellInactivity } from './dry-spell-rule.ts';
import { type LongSpellState, longSpellInactivity } from './long-spell-rule.ts';
import { type OnegridRuleState, onegridInactivity } from './onegrid-rule.ts';
import type { InactivityRule } from './rule.ts';
import { type SpellStartState, spellStartInactivity } from './spell-start-rule.ts';

/**
 * onegrid: learnt inactivity rule (`inactivityModel` picks which), meter_offline (meters and
 * grids), water_running, hourly rows.
 */
type LearntState = OnegridRuleState | SpellStartState | DrySpellState | LongSpellState;
const RULES = {
  ratio: onegridInactivity,
  spell_start: spellStartInactivity,
  ratio_dry_spell: drySpellInactivity,
  ratio_long_spell: longSpellInactivity,
} as const;

export class UtilityDetector extends HourlyDetector<LearntState> {
  constructor(config: UtilityConfigInput, deps: DetectorDeps) {
    const rule = RULES[parseUtilityConfig(config).inactivityModel];
    super(rule as InactivityRule<LearntState>, config, deps, {
      offline: true,
      waterRunning: true,
      hourly: true,
    });
  }
}

/** Baseline: the last two days each under 10% of the three-day average (water). Inactivity only. */
export class TwoDayRule extends HourlyDetector<TwoDayState> {
  constructor(config: UtilityConfigInput, deps: DetectorDeps) {
    super(twoDayInactivity, config, deps, { offline: false, waterRunning: false, hourly: false });
  }
}

/** Baseline: under 0.01 m3 of water in 12 hours. Inactivity only. */
export class FixedThresholdRule extends HourlyDetector<null> {
  constructor(config: UtilityConfigInput, deps: DetectorDeps) {
    super(fixedThresholdInactivity, config, deps, { offline: false, waterRunning: false, hourly: false });
  }
}
