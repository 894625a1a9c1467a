import type { SignalHazard } from './signal-scale.ts';
import { signalHazard } from './signal-scale.ts';
import { RAIN_WINDOWS_H, RAINSTORM_SIGNAL, type RainWindow } from './thresholds.ts';
import { HOUR } from './time.ts';

/** Rain over one observation period `(t − periodMs, t]`; undefined when the gauge sent nothing. */
export interface RainPeriod {
  t: number;
  periodMs: number;
  mm: number | undefined;
}

export type RainAccumulations = Record<RainWindow, number>;

const WINDOWS = RAIN_WINDOWS_H.map((h) => [`h${h}`, h * HOUR] as [RainWindow, number]);

/**
 * Rain fallen in each window `(at − w, at]` for w = 1, 3, 6, 12, 24 h. A period straddling a
 * window's start counts in proportion to its overlap (rain assumed even within a period);
 * periods ending after `at`, and periods with unknown rain, do not count. Periods must be distinct (the caller dedupes by
 * station and time) but may come in any order. Missing periods add nothing: the sum is a lower
 * bound, and the caller reports how much of the window was covered.
 */
export function rainAccumulations(periods: Iterable<RainPeriod>, at: number): RainAccumulations {
  const acc: RainAccumulations = { h1: 0, h3: 0, h6: 0, h12: 0, h24: 0 };
  for (const p of periods) {
    if (p.t > at || p.mm === undefined) continue;
    const start = p.t - p.periodMs;
    for (const [key, width] of WINDOWS) {
      const from = at - width;
      if (p.t <= from) continue;
      acc[key] += start >= from ? p.mm : (p.mm * (p.t - from)) / p.periodMs;
    }
  }
  return acc;
}

/** Rain hazard (0..1) and rainstorm-signal level (0..4) of a station's accumulations. */
export function rainHazard(acc: Partial<RainAccumulations>): SignalHazard<RainWindow> {
  return signalHazard(acc, RAINSTORM_SIGNAL);
}
