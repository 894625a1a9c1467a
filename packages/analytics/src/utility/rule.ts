/**
 * An inactivity rule: what decides, at the close of each hour, whether a household's usage has
 * stopped (and, once an alert is open, whether it has resumed). onegrid's learned rule and the
 * two baselines are rules of this shape, run by the same detector, so they are scored alike.
 */
import type { Alert } from '@onegrid/contracts';
import type { UtilityConfig } from './config.ts';
import type { CarriedRule } from './learnt-models.ts';
import type { UsageRing } from './usage-ring.ts';
import { SLOT } from './usage-ring.ts';

export interface RuleContext {
  ring: UsageRing;
  /** Hour index just closed. */
  hour: number;
  config: UtilityConfig;
}

export interface Finding {
  /** Event time the inactivity began (start of the quiet window). */
  since: number;
  evidence: Record<string, unknown>;
}

export interface InactivityRule<S> {
  /** Evidence field `rule`, e.g. "onegrid". */
  readonly name: string;
  /** Fresh per-household state. */
  init(): S;
  /** Called when no inactivity alert is open: a finding opens one. */
  check(ctx: RuleContext, state: S): Finding | undefined;
  /**
   * Called while one is open, for each closed hour: true ends it. `open` is the alert (its
   * evidence carries what "active again" means for it, so a restored alert is judged alike).
   */
  resumed(ctx: RuleContext, state: S, open: Alert): boolean;
  /** Which model judges the household now (for the share on each model): e.g. learnt, default. */
  model?(state: S): string;
  /**
   * What it learnt, and the day, for a snapshot to carry (learnt-models.ts); undefined when
   * nothing is learnt yet or it holds a model a snapshot does not carry (the restore relearns).
   */
  carry?(state: S): CarriedRule | undefined;
  /** Takes back what `carry` gave, into a fresh state: it judges as the state carried would. */
  adopt?(state: S, carried: CarriedRule): void;
}

/** Sums of the last `hours` hours up to `hour`, or undefined when one of them was not observed. */
export function windowSums(
  ring: UsageRing,
  hour: number,
  hours: number,
): { water: number; elec: number } | undefined {
  let water = 0;
  let elec = 0;
  for (let h = hour - hours + 1; h <= hour; h++) {
    const s = ring.at(h);
    if (s < 0 || !ring.has(s, SLOT.observed)) return undefined;
    water += ring.waterAt(s);
    elec += ring.elecAt(s);
  }
  return { water, elec };
}

/** Consecutive observed hours up to `hour` whose water, summed, stays at or below `eps` (at most `max`). */
export function quietRun(ring: UsageRing, hour: number, eps: number, max: number): number {
  let water = 0;
  let n = 0;
  while (n < max) {
    const s = ring.at(hour - n);
    if (s < 0 || !ring.has(s, SLOT.observed)) break;
    water += ring.waterAt(s);
    if (water > eps) break;
    n++;
  }
  return n;
}
