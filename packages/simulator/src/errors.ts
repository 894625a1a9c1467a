/** Errors of the simulator, each with a stable code and whether retrying can help. */
export type SimulatorErrorCode = 'INVALID_CONFIG' | 'PUBLISH_FAILED' | 'BROKER_UNREACHABLE';

export class SimulatorError extends Error {
  readonly code: SimulatorErrorCode;
  readonly retriable: boolean;

  constructor(
    code: SimulatorErrorCode,
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SimulatorError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}
