import { OnegridError } from '@onegrid/errors';

/** Errors of the feed I/O, each with a stable code and whether retrying can help. */
export type FeedIoErrorCode = 'INVALID_CONFIG' | 'PUBLISH_FAILED' | 'BROKER_UNREACHABLE';

export class FeedIoError extends OnegridError<FeedIoErrorCode> {}
