/** What every onegrid error carries besides its message. */
export interface OnegridErrorOptions {
  /** Whether the same call may succeed later (a dependency down, a timeout); default false. */
  readonly retriable?: boolean;
  readonly cause?: unknown;
}

/**
 * The one error base of onegrid: a stable `code` a caller can branch on, whether a retry can
 * help (`retriable`, read by every loop that decides to retry), and the `cause` it wraps.
 * Each package narrows `code` to its own table (`class StoreError extends OnegridError<StoreErrorCode>`).
 */
export class OnegridError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retriable: boolean;

  constructor(code: Code, message: string, options: OnegridErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/**
 * Whether retrying may help, as the error says: its own `retriable` if it has one (onegrid's
 * errors, kafkajs's), else its cause's, else undefined (the caller decides: an unclassified
 * failure is not known to be permanent).
 */
export function retriableOf(error: unknown): boolean | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 8; depth++) {
    const retriable = (e as { retriable?: unknown }).retriable;
    if (typeof retriable === 'boolean') return retriable;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
