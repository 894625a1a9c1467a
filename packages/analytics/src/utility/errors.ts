/** Errors of the utility analytics: a stable code, whether retrying can help, the cause. */
export const UTILITY_ERRORS = {
  INVALID_SEED_ROW: 'a stored hourly row given to seedHistory does not match household_usage_hourly',
} as const;

export type UtilityErrorCode = keyof typeof UTILITY_ERRORS;

export class UtilityError extends Error {
  readonly code: UtilityErrorCode;
  readonly retriable = false;

  constructor(code: UtilityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UtilityError';
    this.code = code;
  }
}
