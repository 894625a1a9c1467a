// Applies pending migrations to the configured ClickHouse (embedded chDB by default).
import { loadStoreConfig, migrate, openStore } from '../index.ts';

const store = await openStore(loadStoreConfig());
try {
  const report = await migrate(store.client);
  console.log(
    `migrations on ${store.target} (${store.database}): applied ${report.applied.length} [${report.applied.join(', ')}], ` +
      `${report.alreadyApplied} already applied` +
      (report.skipped.length > 0
        ? `, skipped [${report.skipped.join(', ')}] (no access control on embedded chDB)`
        : ''),
  );
} finally {
  await store.close();
}
