export { openAnalystClient, openStore, type Store } from './client.ts';
export {
  ClusterDdlError,
  type ClusterMigration,
  type ClusterOptions,
  clusterDdl,
  clusterScript,
} from './cluster/generate.ts';
export { PLACEMENT, type Placement } from './cluster/placement.ts';
export { loadStoreConfig, type StoreConfig, storeConfigSchema } from './config.ts';
export { defaultCookbookDir, readCookbook } from './cookbook/files.ts';
export { type CookbookEntry, CookbookFormatError, parseCookbookEntry } from './cookbook/parse.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { defaultMigrationsDir, type Migration, readMigrations, splitStatements } from './migrations/files.ts';
export { type MigrationReport, migrate } from './migrations/runner.ts';
export * from './readonly/index.ts';
export {
  applyRetention,
  parseRetention,
  RETENTION_COLUMNS,
  type RetentionPolicy,
  type RetentionTable,
  retentionStatements,
} from './retention.ts';
export * from './rows/index.ts';
export { shanghaiTime } from './time.ts';
