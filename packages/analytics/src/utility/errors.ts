import { OnegridError } from '@onegrid/errors';

/** Errors of the utility analytics: a stable code, whether retrying can help, the cause. */
export const UTILITY_ERRORS = {
  INVALID_SEED_ROW: 'a stored hourly row given to seedHistory does not match household_usage_hourly',
  INVALID_SNAPSHOT: 'a stored household snapshot is not one this version of the detector wrote',
  CLOSE_PENDING: 'the detector was fed or advanced while a sliced close waited to be resumed',
} as const;

export type UtilityErrorCode = keyof typeof UTILITY_ERRORS;

/** Never retriable: the same input fails the same way. */
export class UtilityError extends OnegridError<UtilityErrorCode> {}
