import type { ClickHouseClient } from '@clickhouse/client';
import { decodeHouseholdSnapshot } from '@onegrid/analytics/utility';

/** A household's stored snapshot: its bytes and the step it was taken at. */
export interface StoredSnapshot {
  readonly bytes: Uint8Array;
  readonly version: number;
}

/** A row of `utility_state_snapshots` as the utility processor writes it. */
export interface SnapshotRow {
  household_id: string;
  format: number;
  version: number;
  snapshot: string;
}

/**
 * The snapshots of the households `where` picks, of the current format (`{format:UInt8}`),
 * each checked: one this version cannot read is listed in `invalid`, for its rows to be read
 * in full instead. Kept as bytes (about 1.8 KB a household) until the household is first seen.
 */
export async function loadSnapshots(
  client: ClickHouseClient,
  where: string,
  params: Record<string, unknown>,
): Promise<{ snapshots: Map<string, StoredSnapshot>; invalid: string[] }> {
  const result = await client.query({
    query: `SELECT household_id, toString(version), snapshot FROM utility_state_snapshots FINAL
            WHERE format = {format:UInt8} AND ${where}`,
    query_params: params,
    format: 'JSONCompactEachRow',
  });
  const snapshots = new Map<string, StoredSnapshot>();
  const invalid: string[] = [];
  for (const [household, version, base64] of await result.json<[string, string, string]>()) {
    const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
    try {
      decodeHouseholdSnapshot(bytes);
      snapshots.set(household, { bytes, version: Number(version) });
    } catch {
      // Not swallowed: the household is restored from its rows instead, and the processor logs it.
      invalid.push(household);
    }
  }
  return { snapshots, invalid };
}
