import { OnegridError } from '@onegrid/errors';

/** Errors of the external generator: a bad option, or the Python models failing or missing. */
export type EnduseErrorCode = 'INVALID_CONFIG' | 'PYTHON_FAILED' | 'BAD_MODEL_OUTPUT';

export class EnduseError extends OnegridError<EnduseErrorCode> {}
