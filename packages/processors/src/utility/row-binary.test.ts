import { describe, expect, it } from 'vitest';
import { RowBinaryReader, readAll } from './row-binary.ts';

/** RowBinary as ClickHouse writes it: a varint length before a String, 8 little-endian bytes per UInt64. */
function row(household: string, version: number, bytes: Uint8Array): Buffer {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    let rest = n;
    while (rest >= 0x80) {
      out.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    out.push(rest);
    return out;
  };
  const id = Buffer.from(household);
  const v = Buffer.alloc(8);
  v.writeBigUInt64LE(BigInt(version));
  return Buffer.concat([Buffer.from(varint(id.length)), id, v, Buffer.from(varint(bytes.length)), bytes]);
}

describe('RowBinaryReader', () => {
  it('reads Strings of any length and UInt64 epoch milliseconds, row after row', () => {
    const long = new Uint8Array(1_800).map((_, i) => i % 251);
    const reader = new RowBinaryReader(
      Buffer.concat([
        row('HH-00000001', 1_790_615_700_000, long),
        row('HH-二', 2 ** 40 + 7, new Uint8Array()),
      ]),
    );
    expect([reader.string(), reader.uint64(), [...reader.bytes()]]).toEqual([
      'HH-00000001',
      1_790_615_700_000,
      [...long],
    ]);
    expect([reader.string(), reader.uint64(), reader.bytes().length, reader.done]).toEqual([
      'HH-二',
      2 ** 40 + 7,
      0,
      true,
    ]);
  });

  it('refuses a result cut short, with the code of an unreadable snapshot', () => {
    const whole = row('HH-00000001', 1, new Uint8Array(300));
    const reader = new RowBinaryReader(whole.subarray(0, whole.length - 1));
    reader.string();
    reader.uint64();
    expect(() => reader.bytes()).toThrow(expect.objectContaining({ code: 'INVALID_SNAPSHOT' }));
  });

  it('refuses a length past the result and a varint that never ends, before reading any of it', () => {
    // A String's length from a damaged or hostile store: 2^40 bytes claimed, 3 present.
    const huge = new RowBinaryReader(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1, 2, 3]));
    expect(() => huge.bytes()).toThrow(expect.objectContaining({ code: 'INVALID_SNAPSHOT' }));
    const endless = new RowBinaryReader(Buffer.alloc(64, 0xff));
    expect(() => endless.string()).toThrow(/varint too long/);
  });

  it('joins a stream’s chunks', async () => {
    async function* chunks() {
      yield Buffer.from([1, 2]);
      yield new Uint8Array([3]);
    }
    expect([...(await readAll(chunks()))]).toEqual([1, 2, 3]);
  });
});
