/** The input offsets a batch of rows was computed from, for deduplication tokens and logs. */
export interface Provenance {
  readonly topic: string;
  readonly partition: number;
  readonly fromOffset: number;
  readonly toOffset: number;
}

/**
 * Where a processor's results go.
 *
 * Contract: `write` buffers and returns once the rows are accepted into a bounded buffer;
 * when the buffer is full it waits for a flush (this is the backpressure: the source stops
 * reading meanwhile). `flush` returns only when every row written so far is durable in the
 * target, retrying with backoff for as long as it takes; the runtime commits input offsets
 * only after `flush` returns, so a crash before then replays the input and the rows are
 * written again. Targets must therefore take a repeated row idempotently.
 */
export interface Sink<Row> {
  readonly name: string;
  write(rows: readonly Row[], provenance: Provenance): Promise<void>;
  flush(): Promise<void>;
  /** Rows accepted and not yet durable. */
  pending(): number;
  close(): Promise<void>;
}
