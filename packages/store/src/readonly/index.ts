export { formatTable } from './format-table.ts';
export { DEFAULT_GATE, type GatePolicy, SqlGate } from './gate.ts';
export { MAX_SQL_CHARS } from './inspect.ts';
export { canLowerQueryPriority } from './nice.ts';
export type { QueryParams } from './params.ts';
export { type Admission, DEFAULT_QUOTA, type QuotaPolicy, SqlQuota } from './quota.ts';
export {
  type ReadOnlyOptions,
  runReadOnlyQuery,
  type SqlError,
  type SqlErrorCode,
  type SqlOutcome,
  type SqlResult,
} from './run.ts';
export { DEFAULT_LIMITS, planReadOnly, type ReadOnlyLimits } from './statement.ts';
