import { OnegridError } from '@onegrid/errors';

/** Failures of the stream runtime: a stable code, whether retrying can help, and the cause. */
export type StreamErrorCode = 'SINK_CLOSED';

export class StreamError extends OnegridError<StreamErrorCode> {}
