// Prints the cluster variant of the migrations (ReplicatedMergeTree + Distributed, ON CLUSTER).
//   node packages/store/src/cli/cluster-ddl.ts --cluster NAME [--database onegrid] [--from 3] > cluster.sql
//   clickhouse-client --database onegrid --multiquery < cluster.sql
import { parseArgs } from 'node:util';
import { clusterDdl, clusterScript } from '../cluster/generate.ts';
import { readMigrations } from '../migrations/files.ts';

const { values } = parseArgs({
  options: {
    cluster: { type: 'string' },
    database: { type: 'string', default: 'onegrid' },
    from: { type: 'string', default: '0' },
  },
});
if (values.cluster === undefined || !/^\w+$/.test(values.cluster)) {
  console.error('usage: cluster-ddl.ts --cluster NAME [--database onegrid] [--from VERSION]');
  process.exit(2);
}
const migrations = clusterDdl(await readMigrations(), {
  cluster: values.cluster,
  database: values.database,
  fromVersion: Number(values.from),
});
console.log(
  `-- onegrid cluster DDL for cluster ${values.cluster}, database ${values.database}; generated from packages/store/migrations\n`,
);
console.log(clusterScript(migrations));
