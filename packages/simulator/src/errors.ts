import { OnegridError } from '@onegrid/errors';

/** Errors of the simulator, each with a stable code and whether retrying can help. */
export type SimulatorErrorCode = 'INVALID_CONFIG' | 'PUBLISH_FAILED' | 'BROKER_UNREACHABLE';

export class SimulatorError extends OnegridError<SimulatorErrorCode> {}
