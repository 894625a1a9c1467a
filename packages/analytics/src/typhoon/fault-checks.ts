import type { TyphoonConfig } from './config.ts';
import type { FaultCheck } from './device-faults.ts';
import type { GaugeTracker } from './gauge-tracker.ts';
import { isoCst } from './time.ts';

/** What the model knows of a station's health: its newest observation and its refuted values. */
export interface StationHealth {
  newest: number | undefined;
  refuted: number;
  lastRefutedAt: number | undefined;
}

const silent = (newest: number | undefined, at: number, config: TyphoonConfig): number | undefined =>
  newest !== undefined && at - newest >= config.silentAfterMs ? newest : undefined;

const implausible = (last: number | undefined, at: number, config: TyphoonConfig): number | undefined =>
  last !== undefined && last <= at && at - last < config.implausibleHoldMs ? last : undefined;

/**
 * The faults of a district's gauges at event time `at` (the water feed's clock, which moves only
 * while other gauges report: a whole feed down is not a device fault). Stuck: the trusted
 * readings of the last `stuckAfterMs` are one value, at least `stuckMinReadings` of them, while
 * another gauge of the district moved `neighbourMoveM` or more; a dry underpass (depth 0) is
 * flat by nature and a gauge with no neighbour cannot be told from calm water, so neither is.
 */
export function gaugeFaultChecks(
  trackers: readonly GaugeTracker[],
  at: number,
  config: TyphoonConfig,
): FaultCheck[] {
  const from = at - config.stuckAfterMs;
  const spans = trackers.map((g) => {
    const rs = g.range(from, at);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const r of rs) {
      min = Math.min(min, r.level);
      max = Math.max(max, r.level);
    }
    return { rs, span: rs.length > 1 ? max - min : 0 };
  });
  const checks: FaultCheck[] = [];
  trackers.forEach((g, i) => {
    const base = { device: g.gauge.gauge_id, district: g.gauge.district, deviceKind: 'gauge' as const };
    const newest = g.newest();
    checks.push({
      ...base,
      reason: 'silent',
      since: silent(newest, at, config),
      evidence: { last_reading_at: newest === undefined ? null : isoCst(newest) },
    });
    checks.push({
      ...base,
      reason: 'implausible',
      since: implausible(g.lastRefutedAt(), at, config),
      evidence: { refuted_readings: g.refutedTotal() },
    });
    const { rs, span } = spans[i] as { rs: { t: number; level: number }[]; span: number };
    const first = rs[0];
    const flat = first !== undefined && rs.length >= config.stuckMinReadings && span === 0;
    const dry = g.gauge.kind === 'underpass' && first !== undefined && first.level <= 0;
    const neighbourMoved = spans.some((s, j) => j !== i && s.span >= config.neighbourMoveM);
    let since: number | undefined;
    if (flat && !dry && neighbourMoved) {
      // The run of this value began before the window: find its first reading.
      since = first.t;
      for (const r of g.range(at - 4 * config.stuckAfterMs, first.t).reverse()) {
        if (r.level !== first.level) break;
        since = r.t;
      }
    }
    checks.push({
      ...base,
      reason: 'stuck',
      since,
      evidence: { level_m: first?.level ?? null, readings: rs.length },
    });
  });
  return checks;
}

/** The faults of a district's stations at `at` (the weather feed's clock): silent or implausible. */
export function stationFaultChecks(
  stations: ReadonlyMap<string, StationHealth>,
  district: string,
  at: number,
  config: TyphoonConfig,
): FaultCheck[] {
  const checks: FaultCheck[] = [];
  for (const [device, h] of stations) {
    const base = { device, district, deviceKind: 'station' as const };
    checks.push({
      ...base,
      reason: 'silent',
      since: silent(h.newest, at, config),
      evidence: { last_reading_at: h.newest === undefined ? null : isoCst(h.newest) },
    });
    checks.push({
      ...base,
      reason: 'implausible',
      since: implausible(h.lastRefutedAt, at, config),
      evidence: { refuted_values: h.refuted },
    });
  }
  return checks;
}
