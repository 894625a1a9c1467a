import { OnegridError } from '@onegrid/errors';

/** Errors of the typhoon model: a stable code, whether a retry can help, the cause. */
export type TyphoonErrorCode = 'INVALID_CONFIG' | 'INVALID_DISTRICT';

/** Never retriable: the same input fails the same way. */
export class TyphoonError extends OnegridError<TyphoonErrorCode> {}
