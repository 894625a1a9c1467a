import type { Logger } from '@onegrid/logging';
import { StreamError } from '../errors.ts';
import type { SinkMetrics } from '../metrics.ts';
import { type RetryOptions, retryUntilDone } from './retrying-flush.ts';
import type { Provenance, Sink } from './sink.ts';

export interface BufferedSinkOptions {
  readonly name: string;
  /** Flush when this many rows wait… */
  readonly maxRows: number;
  /** …or when the oldest has waited this long. */
  readonly maxDelayMs: number;
  readonly retry: RetryOptions;
  readonly logger: Logger;
  readonly metrics?: SinkMetrics;
}

/** Writes one block of rows to the target; must be safe to repeat with the same rows. */
export type BlockWriter<Row> = (rows: readonly Row[], provenance: readonly Provenance[]) => Promise<void>;

/**
 * Buffers rows and writes them in blocks, on size or on time, one block at a time.
 * Memory is bounded by `maxRows` plus the block in flight: `write` waits when the buffer is
 * full and a block is still being written.
 */
export class BufferedSink<Row> implements Sink<Row> {
  readonly name: string;
  readonly #options: BufferedSinkOptions;
  readonly #writeBlock: BlockWriter<Row>;
  #rows: Row[] = [];
  #provenance: Provenance[] = [];
  #inFlight: Promise<void> = Promise.resolve();
  #inFlightRows = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: BufferedSinkOptions, writeBlock: BlockWriter<Row>) {
    this.name = options.name;
    this.#options = options;
    this.#writeBlock = writeBlock;
  }

  async write(rows: readonly Row[], provenance: Provenance): Promise<void> {
    if (this.#closed) throw new StreamError('SINK_CLOSED', `sink ${this.name} is closed`);
    if (rows.length === 0) return;
    for (let i = 0; i < rows.length; i++) this.#rows.push(rows[i] as Row); // no iterator per row
    this.#provenance.push(provenance);
    if (this.#rows.length >= this.#options.maxRows) {
      // Double buffering: start writing this block, but wait only for the one before it, so
      // reading goes on while one block is in flight (memory: maxRows + one block).
      const previous = this.#inFlight;
      this.flush().catch((error: unknown) =>
        this.#options.logger.error({ err: error, sink: this.name }, 'flush failed'),
      );
      await previous;
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flush().catch((error: unknown) =>
          this.#options.logger.error({ err: error, sink: this.name }, 'timed flush failed'),
        );
      }, this.#options.maxDelayMs);
    }
  }

  /** Resolves when every row written before the call is durable. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const rows = this.#rows;
    const provenance = this.#provenance;
    this.#rows = [];
    this.#provenance = [];
    // Blocks are written one after another so a target sees them in emission order.
    this.#inFlight = this.#inFlight.then(() =>
      rows.length === 0 ? undefined : this.#writeWithRetry(rows, provenance),
    );
    return this.#inFlight;
  }

  pending(): number {
    return this.#rows.length + this.#inFlightRows;
  }

  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }

  async #writeWithRetry(rows: Row[], provenance: Provenance[]): Promise<void> {
    this.#inFlightRows = rows.length;
    const metrics = this.#options.metrics;
    try {
      await retryUntilDone(
        this.name,
        async () => {
          const stopTimer = metrics?.flushSeconds.startTimer({ sink: this.name });
          try {
            await this.#writeBlock(rows, provenance);
            stopTimer?.({ outcome: 'ok' });
            metrics?.rowsWritten.inc({ sink: this.name }, rows.length);
          } catch (error) {
            stopTimer?.({ outcome: 'error' });
            metrics?.failures.inc({ sink: this.name });
            throw error;
          }
        },
        this.#options.retry,
        this.#options.logger,
        () => this.#closed,
      );
    } finally {
      this.#inFlightRows = 0;
    }
  }
}
