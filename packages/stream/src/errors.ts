/** Failures of the stream runtime: a stable code, whether retrying can help, and the cause. */
export type StreamErrorCode = 'SINK_CLOSED';

export class StreamError extends Error {
  readonly code: StreamErrorCode;
  readonly retriable: boolean;

  constructor(
    code: StreamErrorCode,
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StreamError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}
