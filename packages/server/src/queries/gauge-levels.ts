import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { TimeRange } from '../http/time-range.ts';
import { GAUGES_SQL, type GaugeInfo } from './gauge-registry.ts';
import { selectRows } from './run.ts';

interface LevelRow {
  bucket_ms: number;
  level_max_m: number;
  level_min_m: number;
  level_last_m: number;
  readings: number;
  status: string;
}

const GAUGE_SQL = `${GAUGES_SQL} WHERE gauge_id = {id:String}`;

const LEVELS_SQL = `
SELECT toUnixTimestamp(bucket) * 1000 AS bucket_ms, level_max_m, level_min_m, level_last_m, readings, status
FROM gauge_levels_5m
WHERE gauge_id = {id:String}
  AND bucket >= toDateTime(intDiv({from_ms:Int64}, 1000)) AND bucket < toDateTime(intDiv({to_ms:Int64}, 1000))
ORDER BY bucket`;

/** A gauge and its levels per 5 minutes over a range; `undefined` when the gauge is not registered. */
export async function gaugeLevels(
  client: ClickHouseClient | undefined,
  args: { id: string; range: TimeRange },
) {
  const [gauge] = await selectRows<GaugeInfo>(client, GAUGE_SQL, { id: args.id });
  if (gauge === undefined) return undefined;
  const levels = await selectRows<LevelRow>(client, LEVELS_SQL, {
    id: args.id,
    from_ms: args.range.fromMs,
    to_ms: args.range.toMs,
  });
  return {
    gauge,
    step_s: 300,
    levels: levels.map((l) => ({
      ts: isoCstMillis(l.bucket_ms),
      level_max_m: l.level_max_m,
      level_min_m: l.level_min_m,
      level_last_m: l.level_last_m,
      readings: l.readings,
      status: l.status,
    })),
  };
}
