import type { RiskLevel } from '@onegrid/contracts';

/** Signal colours lowest first; a level's index is its rank (none 0 … red 4). */
export const LEVELS: readonly RiskLevel[] = ['none', 'blue', 'yellow', 'orange', 'red'];

/** Width of one level's band on the 0..1 hazard scale and in score points (×100). */
export const BAND = 0.2;

export function levelIndex(level: RiskLevel): number {
  return LEVELS.indexOf(level);
}

export function levelAt(index: number): RiskLevel {
  return LEVELS[Math.max(0, Math.min(4, index))] ?? 'none';
}

/**
 * The level whose band holds a 0..1 value: none [0, 0.2), blue [0.2, 0.4), yellow [0.4, 0.6),
 * orange [0.6, 0.8), red [0.8, 1]. The score uses the same bands ×100.
 */
export function bandLevel(value: number): RiskLevel {
  // The epsilon keeps 0.6 (=3 × 0.2 in floating point, 0.6000000000000001) and 0.8 in their band.
  return levelAt(Math.floor(value / BAND + 1e-9));
}
