import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  decodeHouseholdSnapshot,
  OLDEST_SNAPSHOT_VERSION,
  SNAPSHOT_VERSION,
} from '@onegrid/analytics/utility';
import { loadStoreConfig, migrate, openStore, readMigrations, type Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySnapshot } from './empty-snapshot.test-support.ts';
import { loadUtilityRestartState } from './restart-state.ts';
import { loadSnapshots, partitionBuckets, SNAPSHOT_BUCKETS, SNAPSHOT_TABLE } from './snapshot-state.ts';

// Real embedded ClickHouse (chDB), migrated. Migration 0073 sorts the snapshots by the Kafka
// partition bucket of their household (issue 17): a partition's restore must read exactly the
// households Kafka's partitioner gives it, and only its granules.
let store: Store;
const HOUSEHOLDS = 60_000;
const EMPTY = emptySnapshot();

async function ids(where: string, params: Record<string, unknown>): Promise<string[]> {
  const result = await store.client.query({
    query: `SELECT household_id FROM ${SNAPSHOT_TABLE} FINAL WHERE ${where} ORDER BY household_id`,
    query_params: params,
    format: 'JSONCompactEachRow',
  });
  return (await result.json<[string]>()).map((r) => r[0]);
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-chdb-snapshot-partition-'));
  store = await openStore(
    loadStoreConfig({
      ...process.env,
      ONEGRID_CHDB_PATH: dir,
      CLICKHOUSE_DATABASE: 'onegrid_snapshot_partition',
    }),
  );
  // A store written before 0073: its snapshots are copied into the new table.
  const migrations = await readMigrations();
  await migrate(
    store.client,
    migrations.filter((m) => m.version < 73),
  );
  await store.client.insert({
    table: 'utility_state_snapshots',
    values: [
      { household_id: 'HH-before-0073', format: SNAPSHOT_VERSION, version: 1, snapshot: EMPTY },
      { household_id: 'HH-before-0073', format: SNAPSHOT_VERSION, version: 2, snapshot: EMPTY },
    ],
    format: 'JSONEachRow',
  });
  await migrate(store.client, migrations);
  // Written as the processor writes them: the four columns, the bucket left to the store. One
  // insert block, merged into one part: several granules to choose from.
  await store.client.command({
    query: `INSERT INTO ${SNAPSHOT_TABLE} (household_id, format, version, snapshot)
            SELECT concat('HH-', leftPad(toString(number), 8, '0')), {format:UInt8}, 1, {snapshot:String}
            FROM numbers({n:UInt32})`,
    query_params: { n: HOUSEHOLDS, format: SNAPSHOT_VERSION, snapshot: EMPTY },
  });
  await store.client.command({ query: `OPTIMIZE TABLE ${SNAPSHOT_TABLE} FINAL` });
}, 120_000);
afterAll(async () => {
  await store?.close();
});

describe('snapshots by Kafka partition (migration 0073)', () => {
  it('holds the snapshots written before it, the newest of each household', async () => {
    const result = await store.client.query({
      query: `SELECT toString(version), murmur_1440 = kafkaMurmurHash(household_id) % 1440
              FROM ${SNAPSHOT_TABLE} FINAL WHERE household_id = 'HH-before-0073'`,
      format: 'JSONCompactEachRow',
    });
    expect(await result.json()).toEqual([['2', 1]]);
  });

  it('gives each partition the households of its murmur2 hash, for counts dividing the buckets or not', async () => {
    expect(partitionBuckets(5, 24)?.length).toBe(SNAPSHOT_BUCKETS / 24);
    expect(partitionBuckets(0, 7)).toBeUndefined();
    for (const partitions of [6, 24, 10, 7]) {
      let total = 0;
      for (const partition of [0, partitions - 1]) {
        const state = await loadUtilityRestartState(store.client, 14, { partition, partitions });
        const expected = await ids('kafkaMurmurHash(household_id) % {p:UInt32} = {i:UInt32}', {
          p: partitions,
          i: partition,
        });
        expect(expected.length).toBeGreaterThan(HOUSEHOLDS / partitions / 2);
        expect([...state.snapshots.keys()].sort()).toEqual(expected);
        total += expected.length;
      }
      expect(total).toBeLessThan(HOUSEHOLDS);
    }
  }, 120_000);

  it('reads only the partition’s granules', async () => {
    const plan = await store.client.query({
      query: `EXPLAIN indexes = 1
              SELECT household_id FROM ${SNAPSHOT_TABLE} FINAL WHERE bucket IN {buckets:Array(UInt16)}`,
      query_params: { buckets: partitionBuckets(3, 24) },
      format: 'JSONCompactEachRow',
    });
    const text = (await plan.json<[string]>()).map((r) => r[0]).join('\n');
    const primary = text.slice(text.indexOf('PrimaryKey'));
    expect(primary).toContain('bucket');
    const granules = /Granules: (\d+)\/(\d+)/.exec(primary);
    expect(granules).not.toBeNull();
    const [selected, all] = [Number(granules?.[1]), Number(granules?.[2])];
    expect(all).toBeGreaterThanOrEqual(6);
    // A 24th of the buckets: a granule or two of each side's boundary, not the table.
    expect(selected).toBeLessThanOrEqual(Math.ceil(all / 24) + 2);
  });

  // Last: it adds households the tests above would count.
  it('reads the snapshots of layout 1 stored before layout 2, and no later layout', async () => {
    // Layout 1 of one hour (490,000: 0.12 kWh, no water, four readings of each), marks unknown.
    const one = new Uint8Array([1, 0x90, 0xf4, 0x1d, 1, ...new Uint8Array(16), 0, 0xc0, 0xa9, 0x07]);
    const view = new DataView(one.buffer);
    view.setFloat64(5, Number.POSITIVE_INFINITY);
    view.setFloat64(13, Number.POSITIVE_INFINITY);
    expect(decodeHouseholdSnapshot(one).hours).toEqual([
      {
        hour: 490_000,
        water: 0,
        electricity: 0.12,
        waterReadings: 4,
        electricityReadings: 4,
        inAlert: false,
      },
    ]);
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    await store.client.insert({
      table: SNAPSHOT_TABLE,
      values: [
        { household_id: 'HH-layout-1', format: OLDEST_SNAPSHOT_VERSION, version: 5, snapshot: b64(one) },
        { household_id: 'HH-layout-2', format: SNAPSHOT_VERSION, version: 5, snapshot: EMPTY },
        { household_id: 'HH-layout-9', format: 9, version: 5, snapshot: EMPTY },
      ],
      format: 'JSONEachRow',
    });
    const { snapshots, invalid } = await loadSnapshots(store.client, "household_id LIKE 'HH-layout-%'", {
      format: SNAPSHOT_VERSION,
    });
    expect([...snapshots.keys()].sort()).toEqual(['HH-layout-1', 'HH-layout-2']);
    expect(invalid).toEqual([]);
    expect([...(snapshots.get('HH-layout-1')?.bytes ?? [])]).toEqual([...one]);
  });
});
