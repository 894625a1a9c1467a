import type { ClickHouseClient } from '@clickhouse/client';
import { ProcessorsError } from '../errors.ts';

/**
 * The district code list (GB/T 2260) the project ships: the store's `districts` table, seeded
 * by migration 0004 from packages/simulator/data/shanghai-districts.json. A deployment for
 * another city inserts its own rows. Empty means the store was not migrated: refuse to start
 * rather than dead-letter every district.
 */
export async function loadDistrictCodes(client: ClickHouseClient): Promise<string[]> {
  const result = await client.query({ query: 'SELECT DISTINCT code FROM districts', format: 'JSONEachRow' });
  const codes = (await result.json<{ code: string }>()).map((r) => r.code);
  if (codes.length === 0)
    throw new ProcessorsError(
      'STORE_NOT_READY',
      'the districts table is empty: run the store migrations first',
    );
  return codes;
}
