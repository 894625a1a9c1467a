/** Every failure the store reports carries a stable code and whether retrying can help. */
export type StoreErrorCode =
  | 'MIGRATION_FILE_INVALID'
  | 'MIGRATION_CHANGED'
  | 'MIGRATION_FAILED'
  | 'UNREACHABLE'
  | 'RETENTION_INVALID';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly retriable: boolean;

  constructor(code: StoreErrorCode, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}
