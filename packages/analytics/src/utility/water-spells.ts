/**
 * Dry spells (issue 15): runs of hours in which a household drew no water. Someone at home and
 * awake cannot go long without water (the toilet, a hand wash, a kettle), so a dry spell is
 * asleep, out, or unable to move; what it is depends on how long this household's dry spells
 * usually last *when they start at about this clock hour*. A night owl's night that began at
 * 01:00 is judged by its nights that began 23:00–03:00; a shift worker's day asleep by its days
 * asleep. For each hour of the day this keeps the longest dry spell of the household's own
 * history that started within ±`spellStartWindowHours` of it: past that, the household's own
 * empirical survival of a spell that began then is zero. Water only, not electricity: how much
 * a flat draws asleep, out or after a fall is the same always-on load (spells.ts had to define
 * a quiet level for it, and on both generators that level was where its false alarms came
 * from); whether water ran is not in doubt once the register moved.
 */
import type { UtilityConfig } from './config.ts';
import type { RecordHolder } from './learnt-slab.ts';
import { learnable } from './rhythm.ts';
import { hourOfDay } from './time.ts';
import { SLOT, type UsageRing } from './usage-ring.ts';

export interface DrySpellModel {
  /**
   * Index: hour of the day a dry spell started. The longest such spell of the history (h), 0 if
   * none: whole hours up to `awayHours` (at most 72), so 8 bits, in its ring's record of the slab
   * (learnt-slab.ts) rather than a Float64Array and buffer of its own.
   */
  readonly longest: Uint8Array | Float64Array;
  /** First hour of the history it was learnt from. */
  readonly first: number;
}

/**
 * Hours of the history that belong to a day away, for the model learnt last only (issue 17): they
 * are read while learning the rhythm right after the spells (dry-spell-rule.ts), never later, so
 * one scratch array serves every household instead of ~340 B and a buffer kept by each.
 */
let away = new Uint8Array(0);
/** The model whose days away `away` holds. */
let awayOf: LearntSpells | undefined;
/** Longest spell by start hour while learning: whole hours, at most awayHours + 1 (73). */
let byStart = new Uint8Array(0);

class LearntSpells implements DrySpellModel, RecordHolder {
  /** Its 24 values from `#at` (its ring's record of the slab, or an array of its own). */
  #values: Uint8Array;
  #at: number;
  readonly first: number;
  readonly span: number;

  constructor(values: Uint8Array, at: number, first: number, span: number) {
    this.#values = values;
    this.#at = at;
    this.first = first;
    this.span = span;
  }

  /**
   * A view made when asked, not kept: a Uint8Array view is ~105 B a household (issue 17), and a
   * rule asks only when its learnt rhythm found an hour too quiet.
   */
  get longest(): Uint8Array {
    return this.#values.subarray(this.#at, this.#at + 24);
  }

  /** Its values once learnt: `values` from `at`. */
  hold(values: Uint8Array, at: number): void {
    this.#values = values;
    this.#at = at;
  }

  /** Its record is taken by a newer model of its ring: its values move to an array of its own. */
  detach(): void {
    this.#values = this.#values.slice(this.#at, this.#at + 24);
    this.#at = 0;
  }
}

/** A learnt model's values (learnt-models.ts carries them): its history's first hour and span, its 24 longest. */
export function drySpellRecord(
  model: DrySpellModel,
): { first: number; span: number; longest: Uint8Array } | undefined {
  return model instanceof LearntSpells
    ? { first: model.first, span: model.span, longest: model.longest }
    : undefined;
}

/**
 * A model holding what `drySpellRecord` read of one, in `ring`'s record of the slab. Not the one
 * learnt last: its days away are not known (`wasAway` refuses it; only learning asks).
 */
export function adoptDrySpells(
  ring: UsageRing,
  first: number,
  span: number,
  longest: Uint8Array,
): DrySpellModel {
  const index = ring.learntIndex;
  const model = new LearntSpells(new Uint8Array(0), 0, first, span);
  const slab = ring.learnt.spells.claim(index, 24, model);
  const values = slab ?? new Uint8Array(24);
  const at = slab ? index * 24 : 0;
  values.set(longest, at);
  model.hold(values, at);
  return model;
}

/**
 * The dry spell ending with hour `hour`: the most hours k (up to `max`) such that the last k hours
 * were `usable` and drew, together, at most the water rounding `waterEpsM3`.
 */
export function drySpell(
  ring: UsageRing,
  hour: number,
  max: number,
  config: UtilityConfig,
  usable: (s: number) => boolean,
): number {
  let water = 0;
  let k = 0;
  while (k < max) {
    const s = ring.at(hour - k);
    if (s < 0 || !usable(s)) break;
    water += ring.waterAt(s);
    if (water > config.waterEpsM3) break;
    k++;
  }
  return k;
}

/**
 * Learns, from the hours `first`..`through`, the longest dry spell that started near each hour of
 * the day. A spell longer than `awayHours` is a day away (a trip) and is not learnt: learnt, it
 * would hide an incident that starts at that hour for as long as the trip lasted, for two weeks.
 * A spell cut by an hour that cannot be learnt from (not fully reported, or an alert's) counts
 * as long as it was seen, which errs towards a shorter model, so towards alarming.
 */
export function learnDrySpells(
  ring: UsageRing,
  first: number,
  through: number,
  config: UtilityConfig,
): DrySpellModel {
  const usable = (s: number) => learnable(ring, s, config.minReadingsPerHour);
  const span = Math.max(0, through - first + 1);
  if (away.length < span) {
    away = new Uint8Array(span);
    byStart = new Uint8Array(span);
  }
  away.fill(0, 0, span);
  byStart.fill(0, 0, span);
  // Each spell's start and length: the run ending at `h` that cannot grow by one more hour. A
  // spell starts at `first` or later (clipped there), so `start - first` indexes it.
  for (let h = first; h <= through; h++) {
    // Clipped at `first`, as flat-water.ts: the hours before it are held or not as far as the ring has run.
    const len = drySpell(ring, h, Math.min(config.awayHours + 1, h - first + 1), config, usable);
    if (len === 0) continue;
    const start = h - len + 1;
    if (len > (byStart[start - first] as number)) byStart[start - first] = len;
    // A day away, from the hour its dry spell began (the first time it passes the bound).
    if (len > config.awayHours) away.fill(1, Math.max(0, start - first), h - first + 1);
  }
  const index = ring.learntIndex;
  const model = new LearntSpells(new Uint8Array(0), 0, first, span);
  const slab = ring.learnt.spells.claim(index, 24, model);
  const longest = slab ?? new Uint8Array(24);
  const at = slab ? index * 24 : 0;
  longest.fill(0, at, at + 24);
  const w = config.spellStartWindowHours;
  for (let i = 0; i < span; i++) {
    const len = byStart[i] as number;
    if (len === 0 || len > config.awayHours) continue;
    const hod = hourOfDay(first + i);
    for (let off = -w; off <= w; off++) {
      const d = at + ((((hod + off) % 24) + 24) % 24);
      if (len > (longest[d] as number)) longest[d] = len;
    }
  }
  model.hold(longest, at);
  awayOf = model;
  return model;
}

/**
 * Whether hour `h` was part of a day away in the history of `model`, the model learnt last (the
 * days away are not kept past the next learning: see `away`).
 */
export function wasAway(model: DrySpellModel, h: number): boolean {
  if (model !== awayOf || !(model instanceof LearntSpells)) {
    throw new Error('days away are read only from the dry-spell model learnt last');
  }
  const i = h - model.first;
  return i >= 0 && i < model.span && away[i] === 1;
}

/** The current dry spell over observed hours (an alert's hours count: they were observed dry). */
export const currentDrySpell = (ring: UsageRing, hour: number, max: number, config: UtilityConfig): number =>
  drySpell(ring, hour, max, config, (s) => ring.has(s, SLOT.observed));
