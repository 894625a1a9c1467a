/** Errors of the household generator, each with a stable code and whether retrying can help. */
export type HouseholdsErrorCode = 'INVALID_CONFIG' | 'PUBLISH_FAILED' | 'BROKER_UNREACHABLE';

export class HouseholdsError extends Error {
  readonly code: HouseholdsErrorCode;
  readonly retriable: boolean;

  constructor(
    code: HouseholdsErrorCode,
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HouseholdsError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}
