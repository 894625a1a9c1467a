import { OnegridError } from '@onegrid/errors';

/** Failures of the stream runtime: a stable code, whether retrying can help, and the cause. */
export type StreamErrorCode =
  /** A write to a sink after `close()`. */
  | 'SINK_CLOSED'
  /** A sink's target refused a block in a way no retry can cure (e.g. the table's schema refuses the rows). */
  | 'SINK_REJECTED'
  /** A sink's target failed in a way a retry may cure (target down, timeout). */
  | 'SINK_UNAVAILABLE'
  /** A window specification that cannot be (slide larger than size, size ≤ 0). */
  | 'INVALID_WINDOW'
  /** A processor definition asking for what the runtime cannot do (e.g. `decodeMany` with `hold`). */
  | 'INVALID_DEFINITION'
  /** Work for a partition this process does not own (a bug in the caller, not in the data). */
  | 'PARTITION_NOT_ASSIGNED'
  /**
   * Records for a partition whose operator left work for `resume`, or such work from an operator
   * with no `resume` (a bug in the caller or the operator, not in the data).
   */
  | 'OPERATOR_PENDING';

export class StreamError extends OnegridError<StreamErrorCode> {}
