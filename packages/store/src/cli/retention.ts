// Sets how long each table keeps its rows (TTL), e.g.
//   node packages/store/src/cli/retention.ts meter_readings=400 late_events=30
//   ONEGRID_RETENTION_DAYS=meter_readings=400 node packages/store/src/cli/retention.ts
// `table=0` removes the TTL (keep everything). --cluster NAME prints the statements for a cluster.
import { parseArgs } from 'node:util';
import { loadStoreConfig, openStore } from '../index.ts';
import { applyRetention, parseRetention, retentionStatements } from '../retention.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { cluster: { type: 'string' } },
});
const policy = parseRetention([process.env.ONEGRID_RETENTION_DAYS ?? '', ...positionals].join(','));
if (values.cluster !== undefined) {
  for (const statement of retentionStatements(policy, { cluster: values.cluster }))
    console.log(`${statement};`);
} else {
  const store = await openStore(loadStoreConfig());
  try {
    for (const statement of await applyRetention(store.client, policy)) console.log(statement);
  } finally {
    await store.close();
  }
}
