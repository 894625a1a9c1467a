import type { RiskLevel } from '@onegrid/contracts';
import { BAND, bandLevel } from './levels.ts';

export interface Hazards {
  wind: number;
  rain: number;
  water: number;
  /** From the typhoon advisories' wind circles (forecast.ts): 0 without them. */
  forecast?: number;
}

export interface Combined {
  /** 0..100, one decimal. */
  score: number;
  /** The band of `score`: none < 20 ≤ blue < 40 ≤ yellow < 60 ≤ orange < 80 ≤ red. */
  level: RiskLevel;
  /** The largest hazard, 0..1, before exposure. */
  hazard: number;
}

/**
 * score = 100 × min(1, H + w × E × clamp(H / 0.2 − 1, 0, 1)), H = max(wind, rain, water, forecast).
 * The level is the highest signal level among the hazards (each hazard sits in its level's band),
 * raised by exposure E: once a hazard reaches blue, exposure adds up to `w` (half a band at the
 * default 0.1), so a crowded, vulnerable district reaches the next level a little earlier.
 * Exposure alone never makes a level: below blue it adds nothing. Monotone in every input.
 */
export function combine(h: Hazards, exposure: number, exposureWeight = 0.1): Combined {
  const hazard = Math.max(h.wind, h.rain, h.water, h.forecast ?? 0, 0);
  const ramp = Math.min(1, Math.max(0, hazard / BAND - 1));
  const value = Math.min(1, hazard + exposureWeight * Math.min(1, Math.max(0, exposure)) * ramp);
  // Truncate to one decimal (never up, so rounding cannot lift a score into the next band), then
  // take the band of the emitted score: score and level always agree.
  const score = Math.floor(value * 1000 + 1e-9) / 10;
  return { score, level: bandLevel(score / 100), hazard };
}
