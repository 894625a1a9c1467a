/** A gauge's level series, oldest first: `[epoch_ms, level_m]`. */
export type LevelSeries = readonly (readonly [number, number])[];

const HOUR_MS = 3_600_000;

export interface GaugeTrend {
  /** Metres per hour over the last hour of the series (null with under 15 minutes of data). */
  readonly riseMPerH: number | null;
  /** When the level reaches the threshold at that rate, or null if not rising or already above. */
  readonly warningAtMs: number | null;
  readonly guaranteeAtMs: number | null;
  readonly status: 'normal' | 'warning' | 'guarantee';
}

/**
 * The trend of a gauge from its recent levels: the rise over the last hour as a straight line
 * from its first to its last point, and when the thresholds would be crossed at that rate.
 * A forecast further than 24 h ahead is not one: null.
 */
export function gaugeTrend(series: LevelSeries, warningM: number, guaranteeM: number): GaugeTrend {
  const last = series.at(-1);
  if (last === undefined)
    return { riseMPerH: null, warningAtMs: null, guaranteeAtMs: null, status: 'normal' };
  const [lastMs, level] = last;
  const status = level >= guaranteeM ? 'guarantee' : level >= warningM ? 'warning' : 'normal';
  const first = series.find(([ms]) => ms >= lastMs - HOUR_MS);
  const spanH = first === undefined ? 0 : (lastMs - first[0]) / HOUR_MS;
  if (first === undefined || spanH < 0.25)
    return { riseMPerH: null, warningAtMs: null, guaranteeAtMs: null, status };
  const rise = (level - first[1]) / spanH;
  const crossing = (threshold: number) => {
    if (!(rise > 0) || level >= threshold) return null;
    const hours = (threshold - level) / rise;
    return hours > 24 ? null : Math.round(lastMs + hours * HOUR_MS);
  };
  return { riseMPerH: rise, warningAtMs: crossing(warningM), guaranteeAtMs: crossing(guaranteeM), status };
}
