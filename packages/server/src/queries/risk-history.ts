import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { TimeRange } from '../http/time-range.ts';
import { selectRows } from './run.ts';

interface Row {
  district: string;
  ts_ms: number;
  score: number;
  level: string;
  wind: number;
  rain: number;
  water: number;
  exposure: number;
}

const SQL = `
SELECT district, toUnixTimestamp64Milli(ts) AS ts_ms, score, level, wind, rain, water, exposure
FROM risk_scores FINAL
WHERE ({district:String} = '' OR district = {district:String})
  AND ts >= fromUnixTimestamp64Milli({from_ms:Int64}) AND ts < fromUnixTimestamp64Milli({to_ms:Int64})
ORDER BY district, ts
LIMIT {limit:UInt32}`;

/** Risk scores of one district (or all when `district` is empty) over a range, oldest first. */
export async function riskHistory(
  client: ClickHouseClient | undefined,
  args: { district: string; range: TimeRange; limit: number },
) {
  const rows = await selectRows<Row>(client, SQL, {
    district: args.district,
    from_ms: args.range.fromMs,
    to_ms: args.range.toMs,
    limit: args.limit,
  });
  return rows.map((r) => ({
    district: r.district,
    ts: isoCstMillis(r.ts_ms),
    score: r.score,
    level: r.level,
    components: { wind: r.wind, rain: r.rain, water: r.water, exposure: r.exposure },
  }));
}
