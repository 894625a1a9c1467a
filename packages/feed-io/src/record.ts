import type { Topic } from '@onegrid/contracts';

/**
 * What a record is, besides a valid original message. `duplicate` is a valid message sent a
 * second time; the others are deliberately invalid copies. They are extra messages: the original
 * event is always delivered once, valid, so the truth stays whole. Each generator decides how
 * often and how it corrupts; this is only the label both write and the truth counts.
 */
export const FAULTS = ['duplicate', 'malformed', 'wrong_type', 'out_of_range', 'unknown_id'] as const;
export type Fault = (typeof FAULTS)[number];

/** Faults a consumer must dead-letter (a duplicate is valid: it must be deduplicated instead). */
export const INVALID_FAULTS: readonly Fault[] = ['malformed', 'wrong_type', 'out_of_range', 'unknown_id'];

/** One message as a generator sends it. */
export interface StreamRecord {
  topic: Topic;
  /** The Kafka key, as STREAMS.md names it for the topic. */
  key: string;
  /** The bytes as sent: JSON text, or raw bytes when the fault is bytes that are not UTF-8. */
  value: string | Uint8Array;
  /** When the message reaches the broker (epoch ms); records come in this order. */
  arrivalTime: number;
  /** Null for an original valid message. */
  fault: Fault | null;
}

/** Where a replay sends its batches; `send` resolves once the broker acknowledged all of it. */
export interface RecordSink {
  send(records: readonly StreamRecord[]): Promise<void>;
}
