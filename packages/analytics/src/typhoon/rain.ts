import type { SignalHazard } from './signal-scale.ts';
import { signalHazard } from './signal-scale.ts';
import { RAIN_WINDOWS_H, RAINSTORM_SIGNAL, type RainWindow } from './thresholds.ts';
import { HOUR } from './time.ts';

/** Rain over one observation period `(t − periodMs, t]`. */
export interface RainPeriod {
  t: number;
  periodMs: number;
  mm: number;
}

export type RainAccumulations = Record<RainWindow, number>;

/**
 * Rain fallen in each window `(at − w, at]` for w = 1, 3, 6, 12, 24 h. A period straddling a
 * window's start counts in proportion to its overlap (rain assumed even within a period);
 * periods ending after `at` do not count yet. Periods must be distinct (the caller dedupes by
 * station and time) but may come in any order. Missing periods add nothing: the sum is a lower
 * bound, and the caller reports how much of the window was covered.
 */
export function rainAccumulations(periods: Iterable<RainPeriod>, at: number): RainAccumulations {
  const acc: RainAccumulations = { h1: 0, h3: 0, h6: 0, h12: 0, h24: 0 };
  for (const p of periods) {
    if (p.t > at) continue;
    const start = p.t - p.periodMs;
    for (const h of RAIN_WINDOWS_H) {
      const from = at - h * HOUR;
      if (p.t <= from) continue;
      const inside = start >= from ? 1 : (p.t - from) / p.periodMs;
      acc[`h${h}`] += p.mm * inside;
    }
  }
  return acc;
}

/** Rain hazard (0..1) and rainstorm-signal level (0..4) of a station's accumulations. */
export function rainHazard(acc: Partial<RainAccumulations>): SignalHazard<RainWindow> {
  return signalHazard(acc, RAINSTORM_SIGNAL);
}
