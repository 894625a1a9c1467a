export { openStore, type Store } from './client.ts';
export { loadStoreConfig, type StoreConfig, storeConfigSchema } from './config.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { defaultMigrationsDir, type Migration, readMigrations, splitStatements } from './migrations/files.ts';
export { type MigrationReport, migrate } from './migrations/runner.ts';
export * from './rows/index.ts';
