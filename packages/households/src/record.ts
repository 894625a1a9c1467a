import type { Topic } from '@onegrid/contracts';

/**
 * What a record is besides a valid original: `duplicate` is the same bytes again (valid, to be
 * deduplicated); the others are invalid extra copies a consumer must dead-letter. The original
 * is always delivered once, so the truth stays whole.
 */
export const FAULTS = ['duplicate', 'malformed', 'wrong_type', 'out_of_range', 'unknown_id'] as const;
export type Fault = (typeof FAULTS)[number];

export const INVALID_FAULTS: readonly Fault[] = ['malformed', 'wrong_type', 'out_of_range', 'unknown_id'];

/** One message as sent: the same shape as packages/simulator's records. */
export interface StreamRecord {
  topic: Topic;
  key: string;
  /** JSON text, or raw bytes when the fault is bytes that are not UTF-8. */
  value: string | Uint8Array;
  /** When it reaches the broker (epoch ms); records come in this order. */
  arrivalTime: number;
  fault: Fault | null;
}
