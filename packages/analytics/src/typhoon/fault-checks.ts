import { isoCstSeconds } from '@onegrid/contracts';
import type { WeatherPoint } from './assess.ts';
import type { TyphoonConfig } from './config.ts';
import type { FaultCheck } from './device-faults.ts';
import type { GaugeTracker } from './gauge-tracker.ts';
import type { TimeSeries } from './series.ts';
import { stationStuckSince } from './station-stuck.ts';

/** What the model knows of a station's health: its observations and when values were refuted. */
export interface StationHealth {
  series: TimeSeries<WeatherPoint>;
  refuted: TimeSeries<{ t: number }>;
}

/**
 * Each check looks at the data as of `at` only (readings stamped at or before it), so a walk that
 * catches up after an outage judges each grid point as the live run would have.
 */
const implausible = (last: number | undefined, at: number, config: TyphoonConfig): number | undefined =>
  last !== undefined && at - last < config.implausibleHoldMs ? last : undefined;

/**
 * Silent: nothing for `silentAfterMs` while a peer (another device of the district of the same
 * kind, or of the other kind when it has none) did report in that time. When every device is
 * silent it is the feed or the district's link that is down, not a device to send a crew to.
 */
function silentSince(
  own: number | undefined,
  peers: readonly (number | undefined)[],
  at: number,
  config: TyphoonConfig,
): number | undefined {
  if (own === undefined || at - own < config.silentAfterMs) return undefined;
  return peers.some((t) => t !== undefined && at - t < config.silentAfterMs) ? own : undefined;
}

/**
 * The faults of a district's gauges at event time `at`. Stuck: the trusted readings have been one
 * value for `stuckAfterMs` (at least `stuckMinReadings` of them) while another gauge of the
 * district moved `neighbourMoveM` or more; a dry underpass (depth 0) is flat by nature, and a gauge
 * with no neighbour cannot be told from calm water, so neither is judged stuck.
 */
export function gaugeFaultChecks(
  trackers: readonly GaugeTracker[],
  stationLatest: readonly (number | undefined)[],
  at: number,
  config: TyphoonConfig,
): FaultCheck[] {
  const from = at - config.stuckAfterMs;
  const windows = trackers.map((g) => {
    const rs = g.range(from, at);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const r of rs) {
      min = Math.min(min, r.level);
      max = Math.max(max, r.level);
    }
    return { rs, span: rs.length > 1 ? max - min : 0, latest: g.latest(at)?.t };
  });
  const checks: FaultCheck[] = [];
  trackers.forEach((g, i) => {
    const base = { device: g.gauge.gauge_id, district: g.gauge.district, deviceKind: 'gauge' as const };
    const { rs, span, latest } = windows[i] as (typeof windows)[number];
    const peers =
      trackers.length > 1 ? windows.filter((_, j) => j !== i).map((w) => w.latest) : stationLatest;
    checks.push({
      ...base,
      reason: 'silent',
      since: silentSince(latest, peers, at, config),
      evidence: { last_reading_at: latest === undefined ? null : isoCstSeconds(latest) },
    });
    checks.push({
      ...base,
      reason: 'implausible',
      since: implausible(g.lastRefutedAt(at), at, config),
      evidence: { refuted_readings: g.refutedTotal() },
    });
    checks.push({
      ...base,
      reason: 'stuck',
      since: stuckSince(g, rs, span, windows, i, at, config),
      evidence: { level_m: rs[0]?.level ?? null, readings: rs.length },
    });
  });
  return checks;
}

function stuckSince(
  g: GaugeTracker,
  rs: readonly { t: number; level: number }[],
  span: number,
  windows: readonly { span: number }[],
  i: number,
  at: number,
  config: TyphoonConfig,
): number | undefined {
  const first = rs[0];
  if (first === undefined || rs.length < config.stuckMinReadings || span !== 0) return undefined;
  if (g.gauge.kind === 'underpass' && first.level <= 0) return undefined;
  if (!windows.some((w, j) => j !== i && w.span >= config.neighbourMoveM)) return undefined;
  // The run of this value began at or before the window: find its first reading, and require
  // the run to cover the whole window (not just the first minutes of a gauge's history).
  let since = first.t;
  for (const r of g.range(at - 4 * config.stuckAfterMs, first.t).reverse()) {
    if (r.level !== first.level) break;
    since = r.t;
  }
  return at - since >= config.stuckAfterMs - config.stepMs ? since : undefined;
}

/** The faults of a district's stations at `at`: silent (while a peer reports), implausible, or stuck. */
export function stationFaultChecks(
  stations: ReadonlyMap<string, StationHealth>,
  gaugeLatest: readonly (number | undefined)[],
  district: string,
  at: number,
  config: TyphoonConfig,
): FaultCheck[] {
  const latest = new Map([...stations].map(([id, h]) => [id, h.series.latest(at)?.t]));
  const checks: FaultCheck[] = [];
  for (const [device, h] of stations) {
    const base = { device, district, deviceKind: 'station' as const };
    const own = latest.get(device);
    const peers =
      stations.size > 1 ? [...latest].filter(([id]) => id !== device).map(([, t]) => t) : gaugeLatest;
    checks.push({
      ...base,
      reason: 'silent',
      since: silentSince(own, peers, at, config),
      evidence: { last_reading_at: own === undefined ? null : isoCstSeconds(own) },
    });
    checks.push({
      ...base,
      reason: 'implausible',
      since: implausible(h.refuted.latest(at)?.t, at, config),
      evidence: { refuted_values: h.refuted.size },
    });
    const peerSeries = [...stations].filter(([id]) => id !== device).map(([, p]) => p.series);
    const stuck = stationStuckSince(h.series, peerSeries, at, config);
    checks.push({
      ...base,
      reason: 'stuck',
      since: stuck?.since,
      evidence: { wind_speed_ms: stuck?.value ?? null },
    });
  }
  return checks;
}
