import type { ClickHouseClient } from '@clickhouse/client';
import type { ChannelValue, FeedChannel } from '../feed/channels.ts';

/** One channel's whole content read from ClickHouse, and the event time it is as of. */
export interface Polled<C extends FeedChannel> {
  readonly channel: C;
  readonly data: Record<string, ChannelValue<C>>;
  readonly asOf: string | undefined;
}

export type Poller = (client: ClickHouseClient) => Promise<Polled<FeedChannel>>;

export async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({
    query,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<T>();
}
