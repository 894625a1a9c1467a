/**
 * Water end uses drawn as SIMDEUM does: each use has a duration and a flow (intensity) from its
 * distribution, and its volume is their product. Figures from pysimdeum's NL end-use files:
 * toilet cistern 6 or 9 L filled at 0.042 L/s; shower 0.123 or 0.142 L/s for a chi-square-like
 * duration of 6.5-9.3 min by age (log-normal here); kitchen tap 15-45 s at up to 0.167-0.25 L/s;
 * bathroom tap (basin) uses of a few seconds at up to 0.1 L/s; bath 120 L at 0.2 L/s.
 */
import type { Rng } from '../rng.ts';

export interface Use {
  /** Minutes the water runs. */
  minutes: number;
  litres: number;
}

const TOILET_LPS = 0.042;

export const toilet = (cisternL: number): Use => ({ minutes: cisternL / TOILET_LPS / 60, litres: cisternL });

export function shower(rng: Rng, meanMinutes: number, lps: number): Use {
  const minutes = Math.min(40, rng.lognormal(meanMinutes, 0.45));
  return { minutes, litres: minutes * 60 * lps };
}

export function kitchenTap(rng: Rng): Use {
  const seconds = Math.min(600, rng.lognormal(rng.chance(0.3) ? 45 : 20, 0.8));
  return { minutes: seconds / 60, litres: seconds * rng.range(0.03, 0.167) };
}

/** Washing rice and vegetables: longer runs than SIMDEUM's Dutch kitchen. */
export function kitchenCooking(rng: Rng): Use {
  const seconds = Math.min(600, rng.lognormal(40, 0.6));
  return { minutes: seconds / 60, litres: seconds * rng.range(0.06, 0.18) };
}

export function basin(rng: Rng): Use {
  const seconds = Math.min(300, rng.lognormal(22, 0.7));
  return { minutes: seconds / 60, litres: seconds * rng.range(0.02, 0.1) };
}

export const bath = (rng: Rng): Use => ({ minutes: 10, litres: rng.range(100, 140) });
