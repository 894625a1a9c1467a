import { OnegridError } from '@onegrid/errors';

/** Errors of the household generator (Kafka errors are feed-io's FeedIoError), each with a stable code and whether retrying can help. */
export type HouseholdsErrorCode = 'INVALID_CONFIG';

export class HouseholdsError extends OnegridError<HouseholdsErrorCode> {}
