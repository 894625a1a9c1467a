import type { ClickHouseClient } from '@clickhouse/client';
import { HttpError } from '../errors.ts';

/**
 * Runs one parameterised SELECT (values travel as `{name:Type}` parameters, never in the SQL
 * text) and returns its rows. A missing client is 503; an engine error is 502 with its message.
 */
export async function selectRows<T>(
  client: ClickHouseClient | undefined,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  if (client === undefined)
    throw new HttpError('CLICKHOUSE_UNAVAILABLE', 'this server runs without ClickHouse');
  try {
    const result = await client.query({
      query,
      query_params: params,
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    return await result.json<T>();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new HttpError('QUERY_FAILED', `ClickHouse query failed: ${firstLine(message)}`, { cause });
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.slice(0, 500) ?? '';
}
