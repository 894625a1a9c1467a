import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { rawMessages } from './group-source.ts';

// The patch's lean records (patches/README.md) against kafkajs's own decoding of the same record
// batches, made with kafkajs's own encoder: same offsets, keys, values, control flags.
const require = createRequire(import.meta.url);
const kafkajs = (path: string) => require(`kafkajs/src/${path}`);
const { RecordBatch } = kafkajs('protocol/recordBatch/v0/index.js');
const Record = kafkajs('protocol/recordBatch/record/v0/index.js');
const decodeBatch = kafkajs('protocol/recordBatch/v0/decoder.js');
const Decoder = kafkajs('protocol/decoder.js');
const Batch = kafkajs('consumer/batch.js');
const { Types } = kafkajs('protocol/message/compression/index.js');

interface Decoded {
  offset: string | number;
  key: Buffer | null;
  value: Buffer | null;
  isControlRecord: boolean;
}

async function encoded(firstOffset: string, compression: number): Promise<Buffer> {
  const records = Array.from({ length: 300 }, (_, i) =>
    Record({
      offsetDelta: i * 1_000,
      timestampDelta: i % 3 === 0 ? 2 ** 40 + i : i,
      key: i % 5 === 0 ? null : Buffer.from(`EM-${i}`),
      value: i % 7 === 0 ? null : Buffer.from(i % 11 === 0 ? '' : JSON.stringify({ i, t: 'Zürich 😀' })),
      headers: i % 4 === 0 ? { a: `x${i}`, b: ['1', '2'] } : {},
    }),
  );
  const batch = await RecordBatch({
    compression,
    firstOffset,
    firstTimestamp: 1_757_808_900_000,
    maxTimestamp: 1_757_808_900_000 + 2 ** 40,
    lastOffsetDelta: 299_000,
    records,
  });
  return batch.buffer as Buffer;
}

const decode = async (buffer: Buffer, lean: boolean): Promise<Decoded[]> =>
  (await decodeBatch(new Decoder(buffer), lean)).records;

describe('kafkajs patch > lean records', () => {
  for (const [name, compression] of [
    ['uncompressed', Types.None],
    ['gzip', Types.GZIP],
  ] as const)
    it(`gives kafkajs's offsets, keys and values, ${name}`, async () => {
      const buffer = await encoded('123456789', compression);
      const full = await decode(buffer, false);
      const lean = await decode(buffer, true);
      expect(lean).toHaveLength(300);
      for (const [i, record] of lean.entries()) {
        const expected = full[i] as Decoded;
        expect(record.offset).toBe(Number(expected.offset));
        expect(record.key).toEqual(expected.key);
        expect(record.value).toEqual(expected.value);
        expect(record.isControlRecord).toBe(expected.isControlRecord);
        // Key and value are getters (views made when read): no buffer per record meanwhile.
        expect(Object.keys(record)).not.toContain('value');
      }
      expect(lean[1]?.offset).toBe(123_456_789 + 1_000);
      expect(lean[0]?.key).toBeNull();
      expect(lean[0]?.value).toBeNull();
      expect(lean[11]?.value).toEqual(Buffer.alloc(0));
    });

  it('keeps kafkajs records where an offset could pass 2^53', async () => {
    const buffer = await encoded('9007199254740000', Types.None);
    const records = await decode(buffer, true);
    expect(records[1]?.offset).toBe('9007199254741000');
  });

  it("filters a batch's offsets before the fetched one as kafkajs does", async () => {
    const buffer = await encoded('1000', Types.None);
    for (const fetched of ['1000', '5500', '150000', '400000']) {
      const partition = (messages: Decoded[]) => ({
        partition: 0,
        highWatermark: '400000',
        abortedTransactions: [],
        messages,
      });
      const full = new Batch('t', fetched, partition(await decode(buffer, false)));
      const lean = new Batch('t', fetched, partition(await decode(buffer, true)));
      expect(lean.messages.map((m: Decoded) => m.offset)).toEqual(
        full.messages.map((m: Decoded) => Number(m.offset)),
      );
      expect(Number(lean.lastOffset())).toBe(Number(full.lastOffset()));
    }
  });

  it('hands lean records to the runtime as they are, maps kafkajs records', async () => {
    const buffer = await encoded('7', Types.None);
    const lean = await decode(buffer, true);
    expect(rawMessages(lean as never)).toBe(lean);
    const full = await decode(buffer, false);
    const mapped = rawMessages(full as never);
    expect(mapped.map((m) => m.offset)).toEqual(lean.map((m) => m.offset));
    expect(mapped[3]).toEqual({ offset: 3_007, key: full[3]?.key, value: full[3]?.value });
  });
});
