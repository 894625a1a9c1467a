/** Failures of the Kafka adapter: a stable code, whether retrying can help, and the cause. */
export type KafkaErrorCode = 'PROVISION_FAILED';

export class KafkaAdapterError extends Error {
  readonly code: KafkaErrorCode;
  readonly retriable: boolean;

  constructor(code: KafkaErrorCode, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'KafkaAdapterError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}
