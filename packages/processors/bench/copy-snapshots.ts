// Completes a detector-state.ts store of a large city for one partition's restore, when building
// every snapshot from its rows does not fit the time (at 1M households each slice scans the whole
// table): partition `partition` of `partitions`' households without a snapshot get a copy of one
// that was built (another household's hours, the same synthetic shape), under their own id.
//   node packages/processors/bench/copy-snapshots.ts DIR households [partitions=6] [partition=0]
// Into the table of migration 0073; with ONEGRID_BENCH_BASELINE=1 the table of before it is given
// the same snapshots too, for detector-state.ts --compare-read (the read as it was, same data).
import { loadStoreConfig, migrate, openStore } from '@onegrid/store';
import { SNAPSHOT_TABLE } from '../src/utility/snapshot-state.ts';

const [, , dir, households = '1000000', partitions = '6', partition = '0'] = process.argv;
const store = await openStore(
  loadStoreConfig({ ONEGRID_CHDB_PATH: dir as string, CLICKHOUSE_DATABASE: 'onegrid' }),
);
await migrate(store.client);
const count = async (): Promise<number> => {
  const r = await store.client.query({
    query: `SELECT count() FROM ${SNAPSHOT_TABLE} FINAL`,
    format: 'JSONCompactEachRow',
  });
  return Number((await r.json<[string]>())[0]?.[0] ?? 0);
};
const built = await count();
const started = performance.now();
await store.client.command({
  query: `INSERT INTO ${SNAPSHOT_TABLE} (household_id, format, version, snapshot)
          SELECT t.id, s.format, s.version, s.snapshot
          FROM (SELECT id, row_number() OVER () - 1 AS rn
                FROM (SELECT concat('HH-', leftPad(toString(number), 8, '0')) AS id FROM numbers({households:UInt32}))
                WHERE kafkaMurmurHash(id) % {partitions:UInt32} = {partition:UInt32}
                  AND id NOT IN (SELECT household_id FROM ${SNAPSHOT_TABLE})) AS t
          JOIN (SELECT format, version, snapshot, row_number() OVER () - 1 AS rn
                FROM ${SNAPSHOT_TABLE} FINAL) AS s
          ON t.rn % {built:UInt32} = s.rn`,
  query_params: {
    households: Number(households),
    partitions: Number(partitions),
    partition: Number(partition),
    built,
  },
});
const copied = (await count()) - built;
if (process.env.ONEGRID_BENCH_BASELINE === '1')
  await store.client.command({
    query: `INSERT INTO utility_state_snapshots (household_id, format, version, snapshot)
            SELECT household_id, format, version, snapshot FROM ${SNAPSHOT_TABLE} FINAL
            WHERE household_id NOT IN (SELECT household_id FROM utility_state_snapshots)`,
  });
console.log(
  JSON.stringify({
    built,
    copied,
    seconds: Math.round((performance.now() - started) / 1000),
  }),
);
await store.close();
