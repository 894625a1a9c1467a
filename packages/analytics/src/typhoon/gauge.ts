import { median } from 'simple-statistics';
import { BAND } from './levels.ts';
import type { SignalHazard } from './signal-scale.ts';
import { signalHazard } from './signal-scale.ts';
import { FLOOD_SIGNAL, type WaterMeasure } from './thresholds.ts';
import { HOUR } from './time.ts';

export interface LevelReading {
  t: number;
  level: number;
}

/** A robust straight line through recent readings: level `at` its last reading, slope m/h. */
export interface Trend {
  at: number;
  level: number;
  riseMPerH: number;
}

/**
 * Theil–Sen trend of readings sorted by time: the slope is the median of pairwise slopes and the
 * intercept the median residual, so a spike or a stuck reading moves it little (a least-squares
 * line follows them). Undefined with fewer than `minPoints` readings.
 */
export function levelTrend(readings: readonly LevelReading[], minPoints = 4): Trend | undefined {
  const n = readings.length;
  const last = readings[n - 1];
  if (n < Math.max(2, minPoints) || last === undefined) return undefined;
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = readings[i] as LevelReading;
    for (let j = i + 1; j < n; j++) {
      const b = readings[j] as LevelReading;
      if (b.t !== a.t) slopes.push((b.level - a.level) / ((b.t - a.t) / HOUR));
    }
  }
  if (slopes.length === 0) return undefined;
  const slope = median(slopes);
  const offset = median(readings.map((r) => r.level - (slope * (r.t - last.t)) / HOUR));
  return { at: last.t, level: offset, riseMPerH: slope };
}

/**
 * When a trend reaches `threshold` (epoch ms), if it is below it, rising by at least
 * `minRiseMPerH`, and gets there within `horizonMs`; otherwise undefined.
 */
export function forecastCrossing(
  trend: Trend,
  threshold: number,
  horizonMs: number,
  minRiseMPerH = 0.01,
): number | undefined {
  if (trend.level >= threshold || trend.riseMPerH < minRiseMPerH) return undefined;
  const dt = ((threshold - trend.level) / trend.riseMPerH) * HOUR;
  return dt <= horizonMs ? trend.at + Math.round(dt) : undefined;
}

export interface GaugeThresholds {
  warning_level_m: number;
  guarantee_level_m: number;
  kind?: string;
}

/** An underpass at its guaranteed level makes its district orange at most (see gaugeHazard). */
const UNDERPASS_MAX_LEVEL = 3;

/**
 * Water hazard (0..1) and flood-signal level (0..4) of a gauge: its level, and the level its rise
 * projects `leadMs` ahead (only a rise counts: a falling river does not lower the hazard of its
 * level), both in units of the gauge's span from warning (0) to guaranteed (1). An underpass
 * stops at the start of orange (0.6).
 */
export function gaugeHazard(
  levelM: number,
  riseMPerH: number | undefined,
  gauge: GaugeThresholds,
  leadMs: number,
): SignalHazard<WaterMeasure> {
  const span = gauge.guarantee_level_m - gauge.warning_level_m;
  const rel = (v: number) => (v - gauge.warning_level_m) / span;
  const projected = levelM + (Math.max(0, riseMPerH ?? 0) * leadMs) / HOUR;
  const h = signalHazard({ level: rel(levelM), projected: rel(projected) }, FLOOD_SIGNAL);
  if (gauge.kind !== 'underpass' || h.level < UNDERPASS_MAX_LEVEL) return h;
  // The floor of the orange band, so exposure cannot lift it to red either: the flood signal's red
  // (historical maximum, design level) is a river's, and one flooded underpass is not a district.
  return { ...h, level: UNDERPASS_MAX_LEVEL, hazard: UNDERPASS_MAX_LEVEL * BAND };
}
