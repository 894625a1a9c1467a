import { BAND } from './levels.ts';

/**
 * One way to reach a signal level: `measure` at or above `to`. `from` is where progress towards
 * it starts, so the hazard rises smoothly inside a band instead of jumping at each threshold.
 */
export interface Criterion<M extends string> {
  readonly measure: M;
  readonly from: number;
  readonly to: number;
}

/**
 * Criteria of the four signal levels (blue, yellow, orange, red) and a fifth, `extreme`, that
 * only sets where the hazard reaches 1 above red. A level is reached when ANY of its criteria
 * is, as the official signal definitions read ("平均风力达…或者阵风…").
 */
export type SignalTable<M extends string> = readonly [
  blue: readonly Criterion<M>[],
  yellow: readonly Criterion<M>[],
  orange: readonly Criterion<M>[],
  red: readonly Criterion<M>[],
  extreme: readonly Criterion<M>[],
];

export interface SignalHazard<M extends string> {
  /** 0 none … 4 red: the highest level any criterion reaches. */
  level: number;
  /** 0..1: `(level + progress towards the next level) × 0.2`; in `level`'s band by construction. */
  hazard: number;
  /** The measure that made the level (or, at none, the one closest to blue). */
  driver: M | undefined;
}

/** A measure that is unknown (missing instrument, no fresh data) is `undefined`, never zero. */
export type Measures<M extends string> = Partial<Record<M, number | undefined>>;

function progress(value: number | undefined, c: Criterion<string>): number {
  if (value === undefined || !Number.isFinite(value)) return -1;
  return Math.min(1, Math.max(0, (value - c.from) / (c.to - c.from)));
}

/**
 * The hazard of a set of measures against a signal table. Monotone: raising any measure never
 * lowers the result (a higher level starts where the lower band ends, and progress inside a
 * band is a clamped linear ramp).
 */
export function signalHazard<M extends string>(values: Measures<M>, table: SignalTable<M>): SignalHazard<M> {
  let level = 0;
  let driver: M | undefined;
  for (let k = 4; k >= 1 && level === 0; k--) {
    for (const c of table[k - 1] ?? []) {
      const v = values[c.measure];
      if (v !== undefined && v >= c.to) {
        level = k;
        driver = c.measure;
        break;
      }
    }
  }
  // Progress towards the next level; above red, towards `extreme`. Below the next level's `to`
  // by definition, so the hazard stays inside this level's band.
  let best = 0;
  let closest: M | undefined;
  for (const c of table[level] ?? []) {
    const p = progress(values[c.measure], c);
    if (p < 0) continue;
    if (p > best || closest === undefined) closest = c.measure;
    best = Math.max(best, p);
  }
  const cap = level === 4 ? 1 : 1 - 1e-9;
  return { level, hazard: (level + Math.min(best, cap)) * BAND, driver: driver ?? closest };
}
