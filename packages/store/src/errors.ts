import { OnegridError } from '@onegrid/errors';

/** Every failure the store reports carries a stable code and whether retrying can help. */
export type StoreErrorCode =
  | 'MIGRATION_FILE_INVALID'
  | 'MIGRATION_CHANGED'
  | 'MIGRATION_FAILED'
  | 'UNREACHABLE'
  | 'RETENTION_INVALID'
  | 'CLUSTER_DDL_INVALID'
  | 'COOKBOOK_INVALID'
  /** The store was set up in a way it cannot run (e.g. a pool of no connections). */
  | 'CONFIG_INVALID'
  /** A statement failed, as the engine said (`type`), asked from another thread (processors' store bridge). */
  | 'QUERY_FAILED';

export class StoreError extends OnegridError<StoreErrorCode> {}
