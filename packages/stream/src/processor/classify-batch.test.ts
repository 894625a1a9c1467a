import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { Decoded, Rejection } from '../codec.ts';
import {
  decodeBatch,
  decodeSorted,
  eventsRead,
  messageText,
  type OffsetStatus,
  sortBatch,
} from './classify-batch.ts';

interface Reading {
  readonly id: string;
  readonly t: number;
}

const message = (offset: number, value: string | Buffer | null, key = 'k') => ({
  offset,
  key: Buffer.from(key),
  value: typeof value === 'string' ? Buffer.from(value) : value,
});

const decode = (value: string | Uint8Array | null): Decoded<Reading> => {
  if (typeof value !== 'string') return { ok: false, error: { code: 'malformed_json', reason: 'not UTF-8' } };
  try {
    return { ok: true, value: JSON.parse(value) as Reading };
  } catch {
    return { ok: false, error: { code: 'malformed_json', reason: 'not JSON' } };
  }
};
const unknownId: Rejection = { code: 'unknown_id', reason: 'id: not in the registry' };
const check = (r: Reading) => (r.id === 'ghost' ? unknownId : undefined);
const where = { topic: 'city.readings', partition: 2 };

describe('processor > batch classification', () => {
  it('decodes and checks each message, skipping those this process has already handled', () => {
    const statuses: Record<number, OffsetStatus> = { 10: 'seen', 11: 'replayed', 12: 'new', 13: 'new' };
    const classified = decodeBatch(
      [
        message(10, '{"id":"a","t":1}'),
        message(11, '{"id":"b","t":2}'),
        message(12, '{"id":"ghost","t":3}'),
        message(13, 'nope'),
      ],
      { status: (offset) => statuses[offset] ?? 'new', decode, check },
    );
    expect(classified.map((c) => [c.status, c.decoded?.ok, c.rejected?.code])).toEqual([
      ['seen', undefined, undefined],
      ['replayed', true, undefined],
      ['new', true, 'unknown_id'],
      ['new', false, undefined],
    ]);
  });

  it('hands the decoder a string for UTF-8 bytes and the bytes themselves otherwise', () => {
    const seen: unknown[] = [];
    decodeBatch([message(0, '{"id":"é","t":1}'), message(1, Buffer.from([0xff, 0xfe])), message(2, null)], {
      status: () => 'new',
      decode: (value) => {
        seen.push(value);
        return decode(value);
      },
    });
    expect(seen[0]).toBe('{"id":"é","t":1}');
    expect(Buffer.isBuffer(seen[1])).toBe(true);
    expect(seen[2]).toBeNull();
  });

  it('sorts into events, dead letters (new offsets only) and messages to hold', () => {
    const classified = decodeBatch(
      [
        message(20, '{"id":"a","t":5}'),
        message(21, 'nope'),
        message(22, '{"id":"ghost","t":6}'),
        message(23, '{"id":"ghost","t":7}', 'held-key'),
        message(24, 'nope again'),
      ],
      { status: (offset) => (offset === 24 ? 'replayed' : 'new'), decode, check },
    );
    const held: [number, string | undefined][] = [];
    const sorted = sortBatch(classified, where, {
      eventTime: (r) => r.t * 1000,
      hold: (m, _event, rejected) => {
        if (m.key?.toString() !== 'held-key' || rejected === undefined) return false;
        held.push([m.offset, rejected.code]);
        return true;
      },
    });
    expect(sorted.records).toEqual([{ event: { id: 'a', t: 5 }, eventTime: 5000, partition: 2, offset: 20 }]);
    // 24 is a replay: its dead letter was published by the previous owner.
    expect(sorted.letters.map((l) => [l.offset, l.error.code, l.topic, l.partition])).toEqual([
      [21, 'malformed_json', 'city.readings', 2],
      [22, 'unknown_id', 'city.readings', 2],
    ]);
    expect(sorted.letters[0]?.value?.toString()).toBe('nope'); // the original bytes
    expect(held).toEqual([[23, 'unknown_id']]);
  });

  it('without a hold, a refused message is dead-lettered and a replayed valid one still reaches the operator', () => {
    const classified = decodeBatch([message(30, '{"id":"ghost","t":1}'), message(31, '{"id":"b","t":2}')], {
      status: () => 'replayed',
      decode,
      check,
    });
    const sorted = sortBatch(classified, where, { eventTime: (r) => r.t });
    expect(sorted.letters).toEqual([]); // replayed: published before
    expect(sorted.records.map((r) => r.offset)).toEqual([31]);
  });

  it('asks hold in offset order, so a message held earlier holds the later ones of its key', () => {
    const classified = decodeBatch(
      [
        message(40, '{"id":"ghost","t":1}', 'h1'),
        message(41, '{"id":"b","t":2}', 'h1'),
        message(42, '{"id":"c","t":3}', 'h2'),
      ],
      { status: () => 'new', decode, check },
    );
    const heldKeys = new Set<string>();
    const heldOffsets: number[] = [];
    const sorted = sortBatch(classified, where, {
      eventTime: (r) => r.t,
      hold: (m, _event, rejected) => {
        const key = m.key?.toString() ?? '';
        if (rejected === undefined && !heldKeys.has(key)) return false;
        heldKeys.add(key);
        heldOffsets.push(m.offset);
        return true;
      },
    });
    expect(heldOffsets).toEqual([40, 41]); // 41 waits behind 40, held in this same batch
    expect(sorted.records.map((r) => r.offset)).toEqual([42]);
  });

  it('unpacks a message of several events into records of its offset, dead-lettering a bad one whole', () => {
    const decodeMany = (value: string | Uint8Array | null): Decoded<readonly Reading[]> => {
      const one = decode(value);
      if (!one.ok) return one;
      return Array.isArray(one.value)
        ? { ok: true, value: one.value as Reading[] }
        : { ok: false, error: { code: 'invalid', reason: 'not packed' } };
    };
    const statuses: Record<number, OffsetStatus> = { 40: 'seen', 41: 'new', 42: 'new', 43: 'replayed' };
    const sorted = decodeSorted(
      [
        message(40, '[{"id":"a","t":1}]'),
        message(41, '[{"id":"b","t":2},{"id":"c","t":3}]'),
        message(42, '{"id":"d","t":4}'),
        message(43, '[{"id":"e","t":5}]'),
      ],
      where,
      {
        status: (offset) => statuses[offset] ?? 'new',
        eventTime: (r: Reading) => r.t * 10,
        many: true,
        decode: decodeMany,
      },
    );
    expect(sorted?.records.map((r) => [r.offset, r.event.id, r.eventTime])).toEqual([
      [41, 'b', 20],
      [41, 'c', 30],
      [43, 'e', 50],
    ]);
    expect(sorted?.letters.map((l) => [l.offset, l.error.code])).toEqual([[42, 'invalid']]);
    expect(eventsRead({ messages: [1, 2, 3, 4] }, sorted?.records ?? [])).toBe(5);
  });

  it('decodes and sorts in one pass exactly as decodeBatch then sortBatch do, when nothing is checked', () => {
    const statuses: Record<number, OffsetStatus> = {
      50: 'seen',
      51: 'replayed',
      52: 'new',
      53: 'new',
      54: 'replayed',
    };
    const messages = [
      message(50, '{"id":"a","t":1}'),
      message(51, '{"id":"b","t":2}'),
      message(52, 'nope'),
      message(53, Buffer.from([0xff, 0xfe])),
      message(54, 'also not JSON'),
      message(55, '{"id":"c","t":3}'),
      message(56, null),
    ];
    const status = (offset: number) => statuses[offset] ?? 'new';
    const eventTime = (r: Reading) => r.t * 1000;
    const twoSteps = sortBatch(decodeBatch(messages, { status, decode }), where, { eventTime });
    const onePass = decodeSorted(messages, where, { status, eventTime, decode });
    expect(onePass).toEqual(twoSteps);
    expect(onePass?.records.map((r) => [r.offset, r.event.id, r.eventTime])).toEqual([
      [51, 'b', 2000],
      [55, 'c', 3000],
    ]);
    // Replayed offsets were dead-lettered by the previous owner: only the new ones are.
    expect(onePass?.letters.map((l) => [l.offset, l.error.code, l.topic, l.partition])).toEqual([
      [52, 'malformed_json', 'city.readings', 2],
      [53, 'malformed_json', 'city.readings', 2],
      [56, 'malformed_json', 'city.readings', 2],
    ]);
  });

  it('checks in the same pass, and gives the batch back to the long way when the check refuses a message', () => {
    const status = (): OffsetStatus => 'new';
    const eventTime = (r: Reading) => r.t * 1000;
    const passing = [message(60, '{"id":"a","t":1}'), message(61, 'nope'), message(62, '{"id":"b","t":2}')];
    const twoSteps = sortBatch(decodeBatch(passing, { status, decode, check }), where, { eventTime });
    expect(decodeSorted(passing, where, { status, eventTime, decode, check })).toEqual(twoSteps);
    const refused = [...passing, message(63, '{"id":"ghost","t":3}'), message(64, '{"id":"c","t":4}')];
    expect(decodeSorted(refused, where, { status, eventTime, decode, check })).toBeUndefined();
  });
});

describe('processor > dead letters of records with getters', () => {
  it('keeps the key and value a client record holds as getters (kafkajs lean records)', () => {
    class Lean {
      readonly offset: number;
      readonly #bytes: Buffer;
      constructor(offset: number, bytes: Buffer) {
        this.offset = offset;
        this.#bytes = bytes;
      }
      get key() {
        return this.#bytes.subarray(0, 2);
      }
      get value() {
        return this.#bytes.subarray(2);
      }
    }
    const sorted = decodeSorted([new Lean(5, Buffer.from('k1nope'))], where, {
      status: () => 'new',
      eventTime: (r: Reading) => r.t,
      decode,
    });
    expect(sorted?.letters).toHaveLength(1);
    expect(sorted?.letters[0]?.key).toEqual(Buffer.from('k1'));
    expect(sorted?.letters[0]?.value).toEqual(Buffer.from('nope'));
    expect(sorted?.letters[0]).toMatchObject({ offset: 5, topic: where.topic, partition: where.partition });
  });
});

describe('processor > message text', () => {
  it('gives text for valid UTF-8 (U+FFFD itself included) and the bytes for anything else', () => {
    const valid = ['{"a":1}', 'Zürich 😀', '\uFFFD', 'a\uFFFDb', '\uFEFFbom', ''];
    for (const text of valid) expect(messageText(Buffer.from(text, 'utf8'))).toBe(text);
    const invalid = [
      [0xff],
      [0xc0, 0xaf], // overlong '/'
      [0xed, 0xa0, 0x80], // a lone surrogate
      [0xe2, 0x82], // truncated
      [0x7b, 0x80, 0x7d], // a continuation byte alone
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xef, 0xbf, 0xbd, 0xff], // U+FFFD, then an invalid byte
    ];
    for (const bytes of invalid) {
      const buffer = Buffer.from(bytes);
      expect(messageText(buffer)).toBe(buffer);
    }
    expect(messageText(null)).toBeNull();
  });

  it('agrees with isUtf8 on random bytes', () => {
    let seed = 17;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    let texts = 0;
    for (let n = 0; n < 20_000; n++) {
      const length = 1 + (next() % 8);
      // Bytes mostly from UTF-8's lead and continuation ranges, so that valid sequences occur.
      const pool = [0x41, 0x7b, 0x80, 0xbf, 0xbd, 0xc2, 0xc0, 0xe2, 0xef, 0xed, 0xf0, 0xf4, 0xff, 0x82, 0xa0];
      const buffer = Buffer.from(Array.from({ length }, () => pool[next() % pool.length] as number));
      const got = messageText(buffer);
      if (isUtf8(buffer)) {
        texts++;
        expect(got).toBe(buffer.toString('utf8'));
      } else expect(got).toBe(buffer);
    }
    expect(texts).toBeGreaterThan(1_000);
  });
});
