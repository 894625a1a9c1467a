// Applies pending migrations to the configured ClickHouse (embedded chDB by default).
import { loadStoreConfig, migrate, openStore } from '../index.ts';

const store = await openStore(loadStoreConfig());
try {
  const report = await migrate(store.client);
  console.log(
    `migrations on ${store.target} (${store.database}): applied ${report.applied.length} [${report.applied.join(', ')}], ` +
      `${report.alreadyApplied} already applied`,
  );
} finally {
  await store.close();
}
