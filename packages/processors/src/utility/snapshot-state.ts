import type { ClickHouseClient } from '@clickhouse/client';
import { checkHouseholdSnapshot, OLDEST_SNAPSHOT_VERSION } from '@onegrid/analytics/utility';
import { RowBinaryReader, readAll } from './row-binary.ts';

/** A household's stored snapshot: its bytes and the step it was taken at. */
export interface StoredSnapshot {
  readonly bytes: Uint8Array;
  readonly version: number;
}

/** Where the snapshots are (migration 0073): sorted by the Kafka partition bucket of their household. */
export const SNAPSHOT_TABLE = 'utility_snapshots_by_partition';

/** Kafka's partitioner (murmur2) modulo this is the table's `murmur_1440`. */
export const SNAPSHOT_BUCKETS = 1440;

/** The table's `bucket` of a hash modulo 1440 (migration 0073): partitions of 6 … 96 in one run each. */
export function snapshotBucket(m: number): number {
  const digit = (mod: number, below: number) => Math.floor((m % mod) / below);
  return (
    (((((m % 6) * 2 + digit(12, 6)) * 2 + digit(24, 12)) * 2 + digit(48, 24)) * 2 + digit(96, 48)) * 15 +
    Math.floor(m / 96)
  );
}

/**
 * The buckets of partition `partition` of `partitions` (the hashes h with h % partitions =
 * partition), in order, or undefined when `partitions` does not divide SNAPSHOT_BUCKETS (then
 * the hash is filtered instead, every snapshot read: still exact, not bounded by the key).
 */
export function partitionBuckets(partition: number, partitions: number): number[] | undefined {
  if (SNAPSHOT_BUCKETS % partitions !== 0) return undefined;
  const buckets: number[] = [];
  for (let m = partition; m < SNAPSHOT_BUCKETS; m += partitions) buckets.push(snapshotBucket(m));
  return buckets.sort((x, y) => x - y);
}

/**
 * The snapshots of the households `where` picks, of the formats read (`OLDEST_SNAPSHOT_VERSION`
 * to the current, `{format:UInt8}`: the store keeps each household's newest, of whichever format
 * wrote it), each checked. `format` is the writer's `SNAPSHOT_VERSION`, not the layout of the
 * bytes (migration 0076): a writer of format 2 writes layout 1 for a ring that packs no day, and
 * the reader goes by the snapshot's first byte. Each checked: one this version cannot read is listed in `invalid`, for its rows to
 * be read in full instead. Kept as bytes (about 1.3 KB a household) until the household is first seen.
 *
 * Read as RowBinary with the base64 undone by the store (issue 17): the bytes come back as they
 * are, each a view into the one result buffer; JSON around base64 was 385 MB of text at 167k
 * households, parsed whole and decoded in JavaScript. The check walks a snapshot without
 * building its hours (`checkHouseholdSnapshot`): it is decoded once, when seeded. `table`: the
 * bench reads the table of before migration 0073 with it, as a baseline.
 */
export async function loadSnapshots(
  client: ClickHouseClient,
  where: string,
  params: Record<string, unknown>,
  table = SNAPSHOT_TABLE,
): Promise<{ snapshots: Map<string, StoredSnapshot>; invalid: string[] }> {
  const result = await client.exec({
    query: `SELECT household_id, version, base64Decode(snapshot) FROM ${table} FINAL
            WHERE format >= ${OLDEST_SNAPSHOT_VERSION} AND format <= {format:UInt8} AND ${where}
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
