import { OnegridError } from '@onegrid/errors';

/** Failures of the Kafka adapter: a stable code, whether retrying can help, and the cause. */
export type KafkaErrorCode = 'PROVISION_FAILED' | 'COMMIT_REFUSED' | 'SEND_FAILED' | 'TOPIC_LEADERS_MISSING';

export class KafkaAdapterError extends OnegridError<KafkaErrorCode> {}
