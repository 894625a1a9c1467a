/**
 * Bytes written one value at a time into a buffer that grows: the snapshot's writer
 * (snapshot.ts) and its learnt models' (learnt-models.ts). Varints are unsigned, base 128, low
 * group first; fixed widths big-endian.
 */
export class ByteWriter {
  #bytes = new Uint8Array(512);
  #view = new DataView(this.#bytes.buffer);
  length = 0;

  #room(n: number): void {
    if (this.length + n <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.length + n));
    grown.set(this.#bytes);
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  byte(b: number): void {
    this.#room(1);
    this.#bytes[this.length++] = b;
  }

  varint(v: number): void {
    // Room once (8 groups hold any integer below 2^56), not a check a byte.
    this.#room(v < 2 ** 56 ? 8 : Math.ceil(Math.log2(v + 1) / 7) + 1);
    const bytes = this.#bytes;
    let rest = v;
    while (rest >= 0x80) {
      bytes[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    bytes[this.length++] = rest;
  }

  u16(v: number): void {
    this.#room(2);
    this.#view.setUint16(this.length, v);
    this.length += 2;
  }

  u32(v: number): void {
    this.#room(4);
    this.#view.setUint32(this.length, v);
    this.length += 4;
  }

  f64(x: number): void {
    this.#room(8);
    this.#view.setFloat64(this.length, x);
    this.length += 8;
  }

  bytes(b: Uint8Array): void {
    this.#room(b.length);
    this.#bytes.set(b, this.length);
    this.length += b.length;
  }

  /** A copy of what was written. */
  done(): Uint8Array {
    return this.#bytes.slice(0, this.length);
  }
}
