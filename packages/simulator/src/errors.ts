import { OnegridError } from '@onegrid/errors';

/** Errors of the simulator (Kafka errors are feed-io's FeedIoError), each with a stable code and whether retrying can help. */
export type SimulatorErrorCode = 'INVALID_CONFIG';

export class SimulatorError extends OnegridError<SimulatorErrorCode> {}
