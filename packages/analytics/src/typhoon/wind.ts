import { median } from 'simple-statistics';
import type { SignalHazard } from './signal-scale.ts';
import { signalHazard } from './signal-scale.ts';
import { TYPHOON_SIGNAL, type WindMeasure } from './thresholds.ts';

/** A station's recent wind: undefined where its instrument sent nothing in the window. */
export interface StationWind {
  meanMs: number | undefined;
  gustMs: number | undefined;
}

/**
 * A station's sustained wind over a recent window: the median of its 2-minute means and the
 * median of its period gusts. The signals speak of wind that "可能持续" (may persist): a median
 * ignores one freak reading, and with a missing field the value is unknown, not calm.
 */
export function stationWind(means: readonly number[], gusts: readonly number[]): StationWind {
  return {
    meanMs: means.length > 0 ? median([...means]) : undefined,
    gustMs: gusts.length > 0 ? median([...gusts]) : undefined,
  };
}

/** Wind hazard (0..1) and typhoon-signal level (0..4) of a mean wind and a gust, m/s. */
export function windHazard(wind: StationWind): SignalHazard<WindMeasure> {
  return signalHazard({ mean: wind.meanMs, gust: wind.gustMs }, TYPHOON_SIGNAL);
}
