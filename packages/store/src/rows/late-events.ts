/** An event too late for every window, as the stream runtime reports it (its `LateEvent`). */
export interface LateEventInput {
  readonly processor: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Epoch ms. */
  readonly eventTime: number;
  /** Epoch ms; null before the partition's first on-time event. */
  readonly watermark: number | null;
  readonly payload: string;
}

/** A late event → late_events (times as ISO-8601 UTC, the columns' DateTime64(3, 'UTC')). */
export function lateEventRow(e: LateEventInput) {
  return {
    processor: e.processor,
    topic: e.topic,
    partition: e.partition,
    offset: e.offset,
    event_time: new Date(e.eventTime).toISOString(),
    watermark: e.watermark === null ? null : new Date(e.watermark).toISOString(),
    payload: e.payload,
  };
}

export type LateEventRow = ReturnType<typeof lateEventRow>;
