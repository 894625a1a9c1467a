import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { GAUGES_SQL, type GaugeInfo } from '../queries/gauge-registry.ts';
import { gaugeTrend } from './gauge-trend.ts';
import { AS_OF, type Polled, rows } from './poll.ts';

// The 12 hours before the newest reading (event time, so a replayed storm shows as it happened),
// one point per 10 minutes: the last level of the last 5-minute bucket in it, readings refuted as
// sensor faults left out (migration 0060: the rollup keeps each reading by its time). Everything is
// bounded by AS_OF (far future when live, a past time in a replay): complete buckets only, so a
// replay never shows a reading after its time (the newest reading comes from LATEST_LEVELS, exact).
const SERIES = `
SELECT gauge_id, toUnixTimestamp(toStartOfInterval(bucket, INTERVAL 10 MINUTE)) * 1000 AS t, argMax(last, bucket) AS level
FROM (SELECT gauge_id, bucket, arrayFilter((v, t) -> NOT has(refuted, t), levels.2, levels.1) AS kept,
             kept[length(kept)] AS last
      FROM (SELECT gauge_id, bucket, maxMapMerge(level_by_ts) AS levels, groupUniqArrayArrayMerge(refuted_ts) AS refuted
            FROM water_levels_5m
            WHERE bucket >= (SELECT max(ts) FROM water_levels WHERE ts <= ${AS_OF}) - INTERVAL 12 HOUR
              AND bucket + INTERVAL 5 MINUTE <= ${AS_OF}
            GROUP BY gauge_id, bucket)
      WHERE notEmpty(kept))
GROUP BY gauge_id, t ORDER BY gauge_id, t`;

/**
 * Each gauge's newest reading of the day before the newest reading, as of AS_OF, not refuted as
 * a sensor fault (a refuted reading's flagged copy sits beside the archive's until a merge).
 */
export const LATEST_LEVELS = `
SELECT gauge_id, toUnixTimestamp64Milli(max(ts)) AS ts_ms, argMax(level_m, ts) AS level_m FROM water_levels
WHERE ts >= (SELECT max(ts) FROM water_levels WHERE ts <= ${AS_OF}) - INTERVAL 1 DAY AND ts <= ${AS_OF}
  AND (gauge_id, ts) NOT IN (SELECT gauge_id, ts FROM water_levels WHERE quality = 'refuted' AND ts <= ${AS_OF})
GROUP BY gauge_id`;

/** `gauges`: every registered gauge with a reading, its latest level, trend, forecast and last 12 h. */
export async function pollGauges(client: ClickHouseClient, asOfMs?: number): Promise<Polled<'gauges'>> {
  const [registry, series, latest] = await Promise.all([
    rows<GaugeInfo>(client, GAUGES_SQL),
    rows<{ gauge_id: string; t: number; level: number }>(client, SERIES, asOfMs),
    rows<{ gauge_id: string; ts_ms: number; level_m: number }>(client, LATEST_LEVELS, asOfMs),
  ]);
  const recent = new Map<string, [number, number][]>();
  for (const point of series) {
    const list = recent.get(point.gauge_id) ?? [];
    list.push([point.t, point.level]);
    recent.set(point.gauge_id, list);
  }
  const lastOf = new Map(latest.map((l) => [l.gauge_id, l]));
  const data: Record<string, ChannelValue<'gauges'>> = {};
  let newest = Number.NEGATIVE_INFINITY;
  for (const gauge of registry) {
    const last = lastOf.get(gauge.gauge_id);
    if (last === undefined) continue;
    newest = Math.max(newest, last.ts_ms);
    const points = (recent.get(gauge.gauge_id) ?? []).filter(([t]) => t < last.ts_ms);
    points.push([last.ts_ms, last.level_m]);
    const trend = gaugeTrend(points, gauge.warning_level_m, gauge.guarantee_level_m);
    data[gauge.gauge_id] = {
      ...gauge,
      ts: isoCstMillis(last.ts_ms),
      level_m: last.level_m,
      rise_m_per_h: trend.riseMPerH,
      forecast_warning_at: trend.warningAtMs === null ? null : isoCstMillis(trend.warningAtMs),
      forecast_guarantee_at: trend.guaranteeAtMs === null ? null : isoCstMillis(trend.guaranteeAtMs),
      status: trend.status,
      recent: points,
    };
  }
  return { channel: 'gauges', data, asOf: Number.isFinite(newest) ? isoCstMillis(newest) : undefined };
}
