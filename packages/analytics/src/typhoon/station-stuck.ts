import type { WeatherPoint } from './assess.ts';
import type { TyphoonConfig } from './config.ts';
import type { TimeSeries } from './series.ts';

/** A station's mean winds over `(from, to]` that the checks trusted (a held or refuted one is unknown). */
function means(series: TimeSeries<WeatherPoint>, from: number, to: number): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  for (const p of series.range(from, to)) if (p.meanMs !== undefined) out.push({ t: p.t, v: p.meanMs });
  return out;
}

/**
 * When a station's anemometer stuck, if it is stuck at `at`: its mean wind one value for
 * `stuckAfterMs` (at least `stuckMinReadings` observations) while another station of the district
 * saw its own mean move `stationNeighbourMoveMs` or more in that time. No wind holds to a tenth of
 * a metre per second for hours while the next station's changes; a station alone in its district
 * cannot be told from a calm, so it is not judged. Reads the data as of `at` only.
 */
export function stationStuckSince(
  own: TimeSeries<WeatherPoint>,
  peers: readonly TimeSeries<WeatherPoint>[],
  at: number,
  config: TyphoonConfig,
): { since: number; value: number } | undefined {
  const from = at - config.stuckAfterMs;
  const rs = means(own, from, at);
  const first = rs[0];
  if (first === undefined || rs.length < config.stuckMinReadings) return undefined;
  if (rs.some((r) => r.v !== first.v)) return undefined;
  const moved = peers.some((p) => {
    const vs = means(p, from, at).map((r) => r.v);
    return vs.length > 1 && Math.max(...vs) - Math.min(...vs) >= config.stationNeighbourMoveMs;
  });
  if (!moved) return undefined;
  let since = first.t;
  for (const r of means(own, at - 4 * config.stuckAfterMs, first.t).reverse()) {
    if (r.v !== first.v) break;
    since = r.t;
  }
  return at - since >= config.stuckAfterMs - config.stepMs ? { since, value: first.v } : undefined;
}
