import { OnegridError } from '@onegrid/errors';

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
  /** Feed frames (WebSocket): not a text frame, not JSON, or not a frame the protocol knows. */
  BAD_FRAME: 400,
  BAD_JSON: 400,
  BAD_MESSAGE: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The feed's refusals of a client frame, sent in an `error` frame (the connection stays open). */
export type FeedErrorCode = Extract<ErrorCode, 'BAD_FRAME' | 'BAD_JSON' | 'BAD_MESSAGE'>;

/**
 * An answer other than success, with a stable code and a message a person can act on. The body
 * is always `{ statusCode, error: <code>, message }`.
 */
export class HttpError extends OnegridError<ErrorCode> {
  readonly statusCode: number;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    // Retriable: the same request may succeed later (dependency down, rate limit).
    const statusCode = ERROR_STATUS[code];
    super(code, message, { retriable: statusCode === 429 || statusCode >= 502, cause: options.cause });
    this.statusCode = statusCode;
  }
}

export const errorBody = (code: ErrorCode, message: string) => ({
  statusCode: ERROR_STATUS[code],
  error: code,
  message,
});
