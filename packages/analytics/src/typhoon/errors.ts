/** Errors of the typhoon model: a stable code, whether a retry can help, the cause. */
export type TyphoonErrorCode = 'INVALID_CONFIG' | 'INVALID_DISTRICT';

export class TyphoonError extends Error {
  readonly code: TyphoonErrorCode;
  readonly retriable = false;

  constructor(code: TyphoonErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TyphoonError';
    this.code = code;
  }
}
