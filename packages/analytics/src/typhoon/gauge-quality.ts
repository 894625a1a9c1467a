import type { Gauge } from '@onegrid/contracts';
import type { LevelReading } from './gauge.ts';
import { HOUR } from './time.ts';

/** Why a reading was refuted: outside what the gauge can read, or a jump the next readings undid. */
export type RefutedReason = 'out_of_range' | 'jump';

export interface Refuted extends LevelReading {
  reason: RefutedReason;
}

/**
 * How fast each kind of water body can move (m/h), before the gauge's own trend is added. Chosen
 * on the simulator's seed 42 (fastest step between readings: tide 1.3, river 1.4, canal 0.6,
 * underpass 1.8 m/h) with room for storms it did not show; see the typhoon README.
 */
export const KIND_RATE_M_PER_H: Readonly<Record<Gauge['kind'], number>> = {
  river: 2.5,
  tide: 2.5,
  canal: 1.5,
  underpass: 3,
};

/** Reading noise a step may carry on top of the rate (two centimetre-rounded readings). */
const STEP_NOISE_M = 0.05;

/**
 * What a gauge can read at all: a depth gauge (underpass) from just below dry to 1.5 m over its
 * guaranteed level; the others from 10 m under their warning level to 3 m over the guaranteed
 * one. Anything else is an instrument fault (the 99.9 m a broken gauge sends), never water.
 */
export function plausibleRange(g: Gauge): { min: number; max: number } {
  return g.kind === 'underpass'
    ? { min: -0.05, max: g.guarantee_level_m + 1.5 }
    : { min: g.warning_level_m - 10, max: g.guarantee_level_m + 3 };
}

export function inRange(g: Gauge, level: number): boolean {
  const { min, max } = plausibleRange(g);
  return level >= min && level <= max;
}

/**
 * The largest change between two readings `dtMs` apart that water can make at this gauge: its
 * kind's rate plus twice the rise its own recent trend shows (a surge already under way may
 * run faster), times the interval, plus reading noise.
 */
export function maxStepM(g: Gauge, dtMs: number, recentRiseMPerH: number | undefined): number {
  const rate = KIND_RATE_M_PER_H[g.kind] + 2 * Math.abs(recentRiseMPerH ?? 0);
  return rate * (Math.abs(dtMs) / HOUR) + STEP_NOISE_M;
}

export function consistent(
  g: Gauge,
  a: LevelReading,
  b: LevelReading,
  recentRiseMPerH: number | undefined,
): boolean {
  return Math.abs(b.level - a.level) <= maxStepM(g, b.t - a.t, recentRiseMPerH);
}
