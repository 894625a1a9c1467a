/** Every error code the server answers with, and its HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  QUERY_REFUSED: 400,
  QUERY_INVALID: 400,
  QUERY_FAILED: 502,
  CLICKHOUSE_UNAVAILABLE: 503,
  NOT_CONFIGURED: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * An answer other than success, with a stable code and a message a person can act on. The body
 * is always `{ statusCode, error: <code>, message }`.
 */
export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** Whether the same request may succeed later (dependency down, rate limit). */
  readonly retriable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = ERROR_STATUS[code];
    this.retriable = this.statusCode === 429 || this.statusCode >= 502;
  }
}

export const errorBody = (code: ErrorCode, message: string) => ({
  statusCode: ERROR_STATUS[code],
  error: code,
  message,
});
