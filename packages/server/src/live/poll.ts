import type { ClickHouseClient } from '@clickhouse/client';
import type { ChannelValue, FeedChannel } from '../feed/channels.ts';

/** One channel's whole content read from ClickHouse, and the event time it is as of. */
export interface Polled<C extends FeedChannel> {
  readonly channel: C;
  readonly data: Record<string, ChannelValue<C>>;
  readonly asOf: string | undefined;
}

/**
 * The live pollers' bound on event time: 2200-01-01, past any data, so a live poll reads
 * everything. A replay passes a past time instead and the same queries answer as of then: one
 * query text for both, so the replay cannot drift from what the live screen showed.
 */
export const LIVE_AS_OF_MS = 7_258_118_400_000;

/** SQL for the bound, a `{as_of:Int64}` parameter (epoch ms), never text in the query. */
export const AS_OF = 'fromUnixTimestamp64Milli({as_of:Int64})';

/** Reads a channel as of `asOfMs` (event time, epoch ms); live when not given. */
export type Poller = (client: ClickHouseClient, asOfMs?: number) => Promise<Polled<FeedChannel>>;

export async function rows<T>(
  client: ClickHouseClient,
  query: string,
  asOfMs: number = LIVE_AS_OF_MS,
): Promise<T[]> {
  const result = await client.query({
    query,
    query_params: { as_of: asOfMs },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<T>();
}
