import type { GaugeValue } from '../feed/channels.ts';

const STATUS_RANK: Readonly<Record<string, number>> = { guarantee: 2, warning: 1, normal: 0 };

/** When the gauge's forecast crosses its next threshold, soonest first; null if none is forecast. */
export function nextCrossing(
  g: GaugeValue,
): { at: number; level: number; kind: 'warning' | 'guarantee' } | null {
  if (g.status === 'normal' && g.forecast_warning_at !== null) {
    return { at: Date.parse(g.forecast_warning_at), level: g.warning_level_m, kind: 'warning' };
  }
  if (g.status !== 'guarantee' && g.forecast_guarantee_at !== null) {
    return { at: Date.parse(g.forecast_guarantee_at), level: g.guarantee_level_m, kind: 'guarantee' };
  }
  return null;
}

/**
 * The gauges worth a curve on the wall: above guaranteed, then above warning, then those
 * forecast to cross soonest, then the nearest to their warning level.
 */
export function pickGauges(gauges: readonly GaugeValue[], n: number): GaugeValue[] {
  const crossing = (g: GaugeValue): number => nextCrossing(g)?.at ?? Number.POSITIVE_INFINITY;
  const nearness = (g: GaugeValue): number => (g.warning_level_m > 0 ? g.level_m / g.warning_level_m : 0);
  return [...gauges]
    .sort(
      (a, b) =>
        (STATUS_RANK[b.status] ?? 0) - (STATUS_RANK[a.status] ?? 0) ||
        crossing(a) - crossing(b) ||
        nearness(b) - nearness(a) ||
        a.gauge_id.localeCompare(b.gauge_id),
    )
    .slice(0, n);
}

/** The last observed point, then the forecast to the crossing: the dashed segment of the curve. */
export function forecastSegment(g: GaugeValue): [[number, number], [number, number]] | null {
  const crossing = nextCrossing(g);
  if (crossing === null || !Number.isFinite(crossing.at)) return null;
  const last = g.recent.at(-1) ?? [Date.parse(g.ts), g.level_m];
  if (crossing.at <= last[0]) return null;
  return [
    [last[0], last[1]],
    [crossing.at, crossing.level],
  ];
}
