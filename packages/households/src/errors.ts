import { OnegridError } from '@onegrid/errors';

/** Errors of the household generator, each with a stable code and whether retrying can help. */
export type HouseholdsErrorCode = 'INVALID_CONFIG' | 'PUBLISH_FAILED' | 'BROKER_UNREACHABLE';

export class HouseholdsError extends OnegridError<HouseholdsErrorCode> {}
