// Completes a detector-state.ts store of a large city for one partition's restore, when building
// every snapshot from its rows does not fit the time (at 1M households each slice scans the whole
// table): partition `partition` of `partitions`' households without a snapshot get a copy of one
// that was built (another household's hours, the same synthetic shape), under their own id.
//   node packages/processors/bench/copy-snapshots.ts DIR households [partitions=6] [partition=0]
import { loadStoreConfig, openStore } from '@onegrid/store';

const [, , dir, households = '1000000', partitions = '6', partition = '0'] = process.argv;
const store = await openStore(
  loadStoreConfig({ ONEGRID_CHDB_PATH: dir as string, CLICKHOUSE_DATABASE: 'onegrid' }),
);
const count = async (): Promise<number> => {
  const r = await store.client.query({
    query: 'SELECT count() FROM utility_state_snapshots FINAL',
    format: 'JSONCompactEachRow',
  });
  return Number((await r.json<[string]>())[0]?.[0] ?? 0);
};
const built = await count();
const started = performance.now();
await store.client.command({
  query: `INSERT INTO utility_state_snapshots (household_id, format, version, snapshot)
          SELECT t.id, s.format, s.version, s.snapshot
          FROM (SELECT id, row_number() OVER () - 1 AS rn
                FROM (SELECT concat('HH-', leftPad(toString(number), 8, '0')) AS id FROM numbers({households:UInt32}))
                WHERE kafkaMurmurHash(id) % {partitions:UInt32} = {partition:UInt32}
                  AND id NOT IN (SELECT household_id FROM utility_state_snapshots)) AS t
          JOIN (SELECT format, version, snapshot, row_number() OVER () - 1 AS rn
                FROM utility_state_snapshots FINAL) AS s
          ON t.rn % {built:UInt32} = s.rn`,
  query_params: {
    households: Number(households),
    partitions: Number(partitions),
    partition: Number(partition),
    built,
  },
});
console.log(
  JSON.stringify({
    built,
    copied: (await count()) - built,
    seconds: Math.round((performance.now() - started) / 1000),
  }),
);
await store.close();
