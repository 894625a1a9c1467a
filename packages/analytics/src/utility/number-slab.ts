/**
 * Float64 records of many objects in a few shared arrays (issue 17): a household's number fields
 * that start as NaN (household.ts) are a record here, not a heap number each. A field holding
 * NaN, an hour or an epoch time is a boxed double per object in V8 (16 B, besides the field's
 * 8-byte slot); a record is 8 bytes a field.
 */

/** Records a chunk holds: a few first (tests make many small detectors), then many. */
const FIRST_CHUNK = 4;
const MAX_CHUNK = 1024;

export class NumberSlab {
  readonly #width: number;
  #chunk: Float64Array | undefined;
  #perChunk = FIRST_CHUNK;
  #used = FIRST_CHUNK;
  #bytes = 0;

  /** Records of `width` numbers, each NaN until set. */
  constructor(width: number) {
    this.#width = width;
  }

  /** A fresh record: its array and first index. */
  allocate(): { values: Float64Array; at: number } {
    if (this.#chunk === undefined || this.#used === this.#perChunk) {
      if (this.#chunk !== undefined) this.#perChunk = Math.min(MAX_CHUNK, this.#perChunk * 2);
      this.#chunk = new Float64Array(this.#perChunk * this.#width).fill(Number.NaN);
      this.#bytes += this.#chunk.byteLength;
      this.#used = 0;
    }
    return { values: this.#chunk, at: this.#used++ * this.#width };
  }

  /** Bytes of its arrays. */
  get bytes(): number {
    return this.#bytes;
  }
}
