import { ProcessorsError } from '../errors.ts';
import type { HouseholdSnapshotTaken } from './utility-model.ts';

/**
 * Snapshots taken at one flush, packed into blocks of about `BLOCK_BYTES` of snapshot bytes each,
 * one insert per block (issue 17). A flush takes every changed household's snapshot at once (the
 * state then matches the rows written so far: snapshot-sink.ts), so what it holds until written
 * is the process's peak: as a base64 string, a row object and a JSON line per household, then
 * one insert body of every row, it was 1.69 GB of RSS at 3 of 24 partitions of a 1M city
 * against 1.48 GB caught up (docs/measurements.md, "the snapshot flush in blocks"). Here each
 * snapshot's bytes are copied into its block as taken (the encoder's own buffer is garbage at
 * once), and a block becomes its insert's body only when its turn comes: the rest of the flush
 * holds its blocks' bytes alone (about 0.9 KB a household).
 */
export interface SnapshotBlock {
  /** The writer's `SNAPSHOT_VERSION`, which may be above the layout of a snapshot's bytes (migration 0076). */
  readonly format: number;
  readonly households: readonly string[];
  readonly versions: readonly number[];
  /** Each snapshot's end in `bytes`; the first starts at 0, each other at the one before's end. */
  readonly ends: readonly number[];
  readonly bytes: Uint8Array;
}

/** Snapshot bytes per block (and so per insert, ×4/3 as base64): about 14,000 households of 1.2 KB. */
export const BLOCK_BYTES = 16 * 1024 * 1024;

/** A block's first size: a live flush of a few households does not take a whole block. */
const MIN_BYTES = 64 * 1024;

/** Collects taken snapshots into blocks of about `blockBytes` bytes each. */
export class SnapshotBlocks {
  readonly #format: number;
  readonly #blockBytes: number;
  readonly #blocks: SnapshotBlock[] = [];
  #households: string[] = [];
  #versions: number[] = [];
  #ends: number[] = [];
  #bytes = new Uint8Array(0);
  #used = 0;
  #count = 0;

  constructor(format: number, blockBytes = BLOCK_BYTES) {
    this.#format = format;
    this.#blockBytes = blockBytes;
  }

  /** Households added so far. */
  get size(): number {
    return this.#count;
  }

  add(household: string, snapshot: HouseholdSnapshotTaken): void {
    const { bytes } = snapshot;
    const needed = this.#used + bytes.length;
    if (needed > this.#bytes.length) {
      if (this.#used > 0 && needed > this.#blockBytes) this.#close(true);
      // Grown by doubling up to a block (a live flush of a few households stays small); one
      // snapshot larger than a block gets a block of its own size.
      const grown = new Uint8Array(
        Math.max(
          this.#used + bytes.length,
          Math.min(this.#blockBytes, Math.max(2 * this.#bytes.length, MIN_BYTES)),
        ),
      );
      grown.set(this.#bytes.subarray(0, this.#used));
      this.#bytes = grown;
    }
    this.#bytes.set(bytes, this.#used);
    this.#used += bytes.length;
    this.#households.push(household);
    this.#versions.push(snapshot.version);
    this.#ends.push(this.#used);
    this.#count++;
  }

  /** The blocks, in the order their snapshots were added; the collector is then empty. */
  done(): SnapshotBlock[] {
    this.#close(false);
    const blocks = this.#blocks.splice(0);
    this.#count = 0;
    return blocks;
  }

  /** Ends the block being filled; `more`: another follows, at a block's size if this one filled. */
  #close(more: boolean): void {
    const full = this.#bytes.length >= this.#blockBytes;
    if (this.#households.length > 0)
      this.#blocks.push({
        format: this.#format,
        households: this.#households,
        versions: this.#versions,
        ends: this.#ends,
        // A view: the unused tail is less than the snapshot that did not fit.
        bytes: this.#bytes.subarray(0, this.#used),
      });
    this.#households = [];
    this.#versions = [];
    this.#ends = [];
    // The next block starts at a block's size when this one filled (no regrowth from 64 KiB per
    // block: a copy and a garbage buffer at each doubling, inside the synchronous take).
    this.#bytes = new Uint8Array(more && full ? this.#blockBytes : 0);
    this.#used = 0;
  }
}

/**
 * Blocks as an insert's body: TabSeparated rows of the columns the processor writes (the table's
 * other columns are MATERIALIZED), the snapshot base64 as the column has always held it, so the
 * stored rows are the ones the JSON rows gave. Built into one buffer of its exact size: no
 * string of the whole body, no row objects. Binary formats are not an option: the embedded
 * store's client passes an insert's body to chDB as UTF-8 text.
 */
export function encodeSnapshotBlocks(blocks: readonly SnapshotBlock[]): { format: string; body: Buffer } {
  let size = 0;
  const ids: string[][] = [];
  for (const block of blocks) {
    const escaped = block.households.map(escapeTsv);
    ids.push(escaped);
    let start = 0;
    for (let i = 0; i < escaped.length; i++) {
      const end = block.ends[i] as number;
      size +=
        Buffer.byteLength(escaped[i] as string) +
        String(block.format).length +
        String(block.versions[i]).length +
        4 * Math.ceil((end - start) / 3) +
        4; // three tabs and the newline
      start = end;
    }
  }
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  blocks.forEach((block, b) => {
    const raw = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength);
    const escaped = ids[b] as string[];
    let start = 0;
    for (let i = 0; i < escaped.length; i++) {
      const end = block.ends[i] as number;
      at += body.write(escaped[i] as string, at, 'utf8');
      at += body.write(`\t${block.format}\t${block.versions[i]}\t`, at, 'latin1');
      at += body.write(raw.toString('base64', start, end), at, 'latin1');
      body[at++] = 0x0a;
      start = end;
    }
  });
  // allocUnsafe: a body whose rows did not fill it would send stale heap bytes to the store.
  if (at !== size)
    throw new ProcessorsError('ENCODING_FAILED', `snapshot block body of ${at} bytes, sized ${size}`);
  return { format: 'TabSeparated', body };
}

const TSV_SPECIAL = /[\\\t\n\r\0]/;
const TSV_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
};

/** A String field of TabSeparated: backslash, tab, newline, carriage return and NUL escaped. */
function escapeTsv(s: string): string {
  return TSV_SPECIAL.test(s) ? s.replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPES[c] as string) : s;
}
