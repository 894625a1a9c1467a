/**
 * A reader of ClickHouse's RowBinary for the few column types the restore reads (String, UInt64),
 * over one result buffer: a snapshot's bytes come back as they are, without JSON around base64
 * around them (issue 17: the restore's JSON text was 385 MB at 167k households, parsed whole,
 * then each snapshot base64-decoded in JavaScript). `@clickhouse/client` has no RowBinary
 * reader; the format is a varint length before each String and 8 little-endian bytes per UInt64.
 */
import { UtilityError } from '@onegrid/analytics/utility';

export class RowBinaryReader {
  readonly #buf: Buffer;
  #at = 0;

  constructor(buf: Buffer) {
    this.#buf = buf;
  }

  get done(): boolean {
    return this.#at >= this.#buf.length;
  }

  /** A String column's bytes, as a view into the result (no copy). */
  bytes(): Buffer {
    const length = this.#varint();
    const start = this.#at;
    this.#need(length);
    this.#at += length;
    return this.#buf.subarray(start, start + length);
  }

  string(): string {
    const length = this.#varint();
    this.#need(length);
    const s = this.#buf.toString('utf8', this.#at, this.#at + length);
    this.#at += length;
    return s;
  }

  /** A UInt64 as a number: exact below 2^53 (epoch milliseconds are). */
  uint64(): number {
    this.#need(8);
    const lo = this.#buf.readUInt32LE(this.#at);
    const hi = this.#buf.readUInt32LE(this.#at + 4);
    this.#at += 8;
    return hi * 2 ** 32 + lo;
  }

  #varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      this.#need(1);
      const b = this.#buf[this.#at++] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 49) throw this.#error('varint too long');
    }
  }

  #need(n: number): void {
    if (this.#at + n > this.#buf.length)
      throw this.#error(`ends early at byte ${this.#at} of ${this.#buf.length}`);
  }

  // The store's answer cut short: no snapshot of it can be trusted.
  #error(what: string): UtilityError {
    return new UtilityError('INVALID_SNAPSHOT', `the snapshots' RowBinary result ${what}`);
  }
}

/** Reads a result stream (a Node Readable) into one buffer. */
export async function readAll(stream: AsyncIterable<Buffer | Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
