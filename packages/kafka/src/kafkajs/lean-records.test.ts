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
const decodeMessages = kafkajs('protocol/requests/fetch/v4/decodeMessages.js');
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

  it("drops an aborted transaction's records and the control records as kafkajs does", async () => {
    // One partition's fetch: producer 7's transaction (offsets 0-4) aborted, producer 8's (5-7)
    // committed, their control batches (abort marker at 8, commit at 9), records outside any
    // transaction (10-11), and producer 7 again, committed (12-13, marker at 14).
    const batch = async (firstOffset: number, producerId: string, values: string[], transactional = true) =>
      Buffer.from(
        (
          await RecordBatch({
            compression: Types.None,
            firstOffset: String(firstOffset),
            firstTimestamp: 1_757_808_900_000,
            maxTimestamp: 1_757_808_900_000,
            lastOffsetDelta: values.length - 1,
            transactional,
            producerId,
            records: values.map((value, i) =>
              Record({
                offsetDelta: i,
                timestampDelta: i,
                key: Buffer.from(`K${firstOffset + i}`),
                value: Buffer.from(value),
              }),
            ),
          })
        ).buffer as Buffer,
      );
    /** A control batch: one marker (key: version 0, type 0 abort or 1 commit; value: version, epoch). */
    const marker = async (offset: number, producerId: string, commit: boolean) => {
      const control = Buffer.from(
        (
          await RecordBatch({
            compression: Types.None,
            firstOffset: String(offset),
            firstTimestamp: 1_757_808_900_000,
            maxTimestamp: 1_757_808_900_000,
            transactional: true,
            producerId,
            records: [
              Record({
                offsetDelta: 0,
                key: Buffer.from([0, 0, 0, commit ? 1 : 0]),
                value: Buffer.from([0, 0, 0, 0, 0, 3]),
              }),
            ],
          })
        ).buffer as Buffer,
      );
      // The attributes' control bit (0x20): after first offset, length, leader epoch, magic, CRC.
      control[8 + 4 + 4 + 1 + 4 + 1] = (control[22] as number) | 0x20;
      return control;
    };
    const batches = Buffer.concat([
      await batch(0, '7', ['a0', 'a1', 'a2', 'a3', 'a4']),
      await batch(5, '8', ['c5', 'c6', 'c7']),
      await marker(8, '7', false),
      await marker(9, '8', true),
      await batch(10, '-1', ['n10', 'n11'], false),
      await batch(12, '7', ['c12', 'c13']),
      await marker(14, '7', true),
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(batches.length);
    const fetched = async (lean: boolean) =>
      new Batch('t', '0', {
        partition: 0,
        highWatermark: '15',
        abortedTransactions: [{ producerId: '7', firstOffset: '0' }],
        messages: await decodeMessages(new Decoder(Buffer.concat([size, batches])), lean),
      });
    const full = await fetched(false);
    const lean = await fetched(true);
    expect(full.rawMessages).toHaveLength(15);
    expect(lean.rawMessages.map((m: Decoded) => [m.offset, m.isControlRecord])).toEqual(
      full.rawMessages.map((m: Decoded) => [Number(m.offset), m.isControlRecord]),
    );
    const shown = (b: { messages: Decoded[] }) =>
      b.messages.map((m) => [Number(m.offset), m.key?.toString(), m.value?.toString()]);
    expect(shown(lean)).toEqual(shown(full));
    expect(shown(lean).map(([, , value]) => value)).toEqual(['c5', 'c6', 'c7', 'n10', 'n11', 'c12', 'c13']);
    expect(Number(lean.lastOffset())).toBe(Number(full.lastOffset()));
    expect(rawMessages(lean.messages).map((m) => m.offset)).toEqual([5, 6, 7, 10, 11, 12, 13]);
  });

  it('maps a batch whose record batches are lean, then not (offsets past 2^53 - 2^31)', async () => {
    // One partition's fetch holds several record batches; lean is decided per record batch.
    const high = 2 ** 53 - 2 ** 31 + 1; // the first offset without lean records
    const low = await decode(await encoded(String(high - 300_000), Types.None), true);
    const top = await decode(await encoded(String(high), Types.None), true);
    expect(typeof low[0]?.offset).toBe('number');
    expect(typeof top[0]?.offset).toBe('string');
    const messages = rawMessages([...low, ...top] as never);
    expect(messages).toHaveLength(600);
    for (const m of messages) expect(typeof m.offset).toBe('number');
    expect(messages[300]?.offset).toBe(high);
    expect(messages[599]?.offset).toBe(high + 299_000);
    expect(messages[599]?.value).toEqual(top[299]?.value);
  });

  describe('a record whose lengths do not fit it', () => {
    // Three records, values 'AB', 'CD', 'EF' (a length of 2 is the varint 0x04): the tests change
    // one byte of record 0 and expect the batch refused, not its key or value read from record 1.
    const plain = async (): Promise<Buffer> => {
      const batch = await RecordBatch({
        compression: Types.None,
        firstOffset: '50',
        firstTimestamp: 1_757_808_900_000,
        maxTimestamp: 1_757_808_900_002,
        lastOffsetDelta: 2,
        records: ['AB', 'CD', 'EF'].map((value, i) =>
          Record({ offsetDelta: i, timestampDelta: i, key: Buffer.from(`K${i}`), value: Buffer.from(value) }),
        ),
      });
      return Buffer.from(batch.buffer as Buffer);
    };
    /** The batch with record 0's byte before `marker` (its length) set to `byte`. */
    const corrupt = async (marker: string, byte: number): Promise<Buffer> => {
      const buffer = await plain();
      const at = buffer.indexOf(marker) - 1;
      expect(at).toBeGreaterThan(0);
      buffer[at] = byte;
      return buffer;
    };
    const zigzag = (n: number) => (n < 0 ? -2 * n - 1 : 2 * n);
    const refused = async (buffer: Buffer) => {
      const error = await decode(buffer, true).then(
        () => undefined,
        (e: unknown) => e,
      );
      // As kafkajs reports a corrupt message: retriable (refetched), never a record made up.
      expect(error).toMatchObject({ name: 'KafkaJSProtocolError', type: 'CORRUPT_MESSAGE', retriable: true });
      // The fetch response's decoding passes it on (it drops only a partial batch at the tail).
      const size = Buffer.alloc(4);
      size.writeInt32BE(buffer.length);
      await expect(decodeMessages(new Decoder(Buffer.concat([size, buffer])), true)).rejects.toMatchObject({
        type: 'CORRUPT_MESSAGE',
      });
    };

    it('reads the untouched batch', async () => {
      const lean = await decode(await plain(), true);
      expect(lean.map((r) => r.value?.toString())).toEqual(['AB', 'CD', 'EF']);
      expect(lean.map((r) => r.key?.toString())).toEqual(['K0', 'K1', 'K2']);
    });

    it('refuses a value length past the record (2 read as 20)', async () => {
      await refused(await corrupt('AB', zigzag(20)));
    });

    it('refuses a key length past the record', async () => {
      await refused(await corrupt('K0', zigzag(30)));
    });

    it('refuses a length below -1 rather than read it as null', async () => {
      await refused(await corrupt('AB', zigzag(-2)));
      await refused(await corrupt('K0', zigzag(-5)));
    });

    it('refuses a record whose length covers the next one, rather than skip it', async () => {
      const buffer = await plain();
      const lengthAt = buffer.indexOf('K0') - 1 - 4; // as below, for record 0
      const length = (buffer[lengthAt] as number) / 2;
      buffer[lengthAt] = zigzag(length + 1 + length); // record 1 is as long as record 0
      await refused(buffer);
    });

    it('refuses a record longer than its batch', async () => {
      const buffer = await plain();
      // Record 2 is the batch's last: its length (the byte before its attributes) made larger.
      const last = buffer.indexOf('K2') - 1; // key length
      const lengthAt = last - 4; // length, attributes, timestamp delta, offset delta (one byte each)
      expect(buffer[lengthAt]).toBe(zigzag(buffer.length - lengthAt - 1));
      buffer[lengthAt] = zigzag(buffer.length - lengthAt + 10);
      await refused(buffer);
    });
  });
});
