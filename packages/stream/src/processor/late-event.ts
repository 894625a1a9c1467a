import type { SourceRecord } from '../core/operator.ts';

/**
 * An event too late for every window it belongs to, kept for people to look at. The
 * runtime's own shape: the application maps it to its table (onegrid's `late_events` row is
 * `lateEventRow` in @onegrid/store).
 */
export interface LateEvent {
  readonly processor: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Epoch ms. */
  readonly eventTime: number;
  /** The partition's watermark when it came, epoch ms; null before the partition's first on-time event. */
  readonly watermark: number | null;
  /** The event as decoded, JSON. */
  readonly payload: string;
}

export function lateEvent<E>(
  def: { readonly name: string; readonly topic: string },
  record: SourceRecord<E>,
  watermark: number,
): LateEvent {
  return {
    processor: def.name,
    topic: def.topic,
    partition: record.partition,
    offset: record.offset,
    eventTime: record.eventTime,
    watermark: Number.isFinite(watermark) ? watermark : null,
    payload: JSON.stringify(record.event),
  };
}
