import type { ClickHouseClient } from '@clickhouse/client';
import { checkHouseholdSnapshot } from '@onegrid/analytics/utility';
import { RowBinaryReader, readAll } from './row-binary.ts';

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
 *
 * Read as RowBinary with the base64 undone by the store (issue 17): the bytes come back as they
 * are, each a view into the one result buffer; JSON around base64 was 385 MB of text at 167k
 * households, parsed whole and decoded in JavaScript. The check walks a snapshot without
 * building its hours (`checkHouseholdSnapshot`): it is decoded once, when seeded.
 */
export async function loadSnapshots(
  client: ClickHouseClient,
  where: string,
  params: Record<string, unknown>,
): Promise<{ snapshots: Map<string, StoredSnapshot>; invalid: string[] }> {
  const result = await client.exec({
    query: `SELECT household_id, version, base64Decode(snapshot) FROM utility_state_snapshots FINAL
            WHERE format = {format:UInt8} AND ${where}
            FORMAT RowBinary`,
    query_params: params,
  });
  const reader = new RowBinaryReader(await readAll(result.stream));
  const snapshots = new Map<string, StoredSnapshot>();
  const invalid: string[] = [];
  while (!reader.done) {
    const household = reader.string();
    const version = reader.uint64();
    const bytes = reader.bytes();
    if (checkHouseholdSnapshot(bytes)) snapshots.set(household, { bytes, version });
    // Not swallowed: the household is restored from its rows instead, and the processor logs it.
    else invalid.push(household);
  }
  return { snapshots, invalid };
}
