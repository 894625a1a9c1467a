import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContractError } from './errors.ts';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { STREAMS_EXAMPLES } from './fixtures/streams-examples.ts';
import { meterReadingSchema } from './meter-readings.ts';
import { decode, decodeOrThrow, MAX_ISSUES } from './parse.ts';
import { TOPIC_SCHEMAS } from './topic-schemas.ts';
import { ALL_TOPICS, TOPICS } from './topics.ts';
import { weatherObservationSchema } from './weather-observations.ts';

const meter = STREAMS_EXAMPLES[TOPICS.meterReadings][0];

describe('parse > decode', () => {
  it('decodes UTF-8 bytes', () => {
    const result = decode(meterReadingSchema, new TextEncoder().encode(meter));
    expect(result.ok && result.value.reading).toBe(1834.562);
  });

  it('decodes a string', () => {
    expect(decode(meterReadingSchema, meter).ok).toBe(true);
  });

  it('decodes bytes that start with a UTF-8 byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(meter)]);
    expect(decode(meterReadingSchema, bytes).ok).toBe(true);
  });

  it('accepts unknown extra fields and drops them from the value', () => {
    const result = decode(meterReadingSchema, exampleWith(TOPICS.meterReadings, { firmware: '2.1' }));
    expect(result.ok && 'firmware' in result.value).toBe(false);
  });

  it.each([
    ['null', null, '$: expected JSON object, got no value'],
    ['zero bytes', new Uint8Array(0), '$: expected JSON object, got empty message'],
    ['an empty string', '', '$: expected JSON object, got empty message'],
    ['only whitespace', ' \n\t ', '$: expected JSON object, got only whitespace'],
  ])('reports %s as empty', (_, input, reason) => {
    expect(decode(meterReadingSchema, input)).toMatchObject({ ok: false, error: { code: 'empty', reason } });
  });

  it('reports malformed JSON with the parser problem', () => {
    const result = decode(meterReadingSchema, '{"meter_id": "WM-1",');
    expect(result).toMatchObject({ ok: false, error: { code: 'malformed_json' } });
    expect(result.ok || result.error.reason).toMatch(/^\$: expected JSON object, got malformed JSON \(.+\)$/);
  });

  it('does not echo the input of malformed JSON', () => {
    const reason = reasonFor(meterReadingSchema, 'call +8613800000000 now');
    expect(reason).not.toContain('8613800000000');
    expect(reason).not.toContain('now');
  });

  it('reports bytes that are not UTF-8 as malformed', () => {
    const result = decode(meterReadingSchema, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(result).toMatchObject({ ok: false, error: { code: 'malformed_json' } });
  });

  it.each([
    ['a JSON array', '[1,2,3]', '$: expected object, got [1,2,3]'],
    ['JSON null', 'null', '$: expected object, got null'],
    ['a JSON string', '"hello"', '$: expected object, got "hello"'],
    ['a JSON number', '42', '$: expected object, got 42'],
  ])('reports %s as invalid', (_, input, reason) => {
    expect(decode(meterReadingSchema, input)).toMatchObject({
      ok: false,
      error: { code: 'invalid', reason },
    });
  });

  it('reads a number too large for a double as Infinity and rejects it', () => {
    const text = meter.replace('1834.562', '1e400');
    expect(reasonFor(meterReadingSchema, text)).toBe('reading: expected finite number, got Infinity');
  });

  it('names every issue and counts them in the reason', () => {
    const result = decode(meterReadingSchema, '{"meter_id":"WM-1","kind":"gas"}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues.map((i) => i.field)).toEqual([
      'household_id',
      'kind',
      'ts',
      'reading',
      'unit',
    ]);
    expect(result.error.reason).toBe('household_id: expected string, got nothing (and 4 more)');
  });

  it(`describes at most ${MAX_ISSUES} issues`, () => {
    const schema = z.object({ list: z.array(z.string()) });
    const result = decode(schema, JSON.stringify({ list: Array.from({ length: 500 }, (_, i) => i) }));
    expect(result.ok || result.error.issues.length).toBe(MAX_ISSUES);
    expect(result.ok || result.error.reason).toMatch(/\(and 499 more\)$/);
  });

  it('cuts a long value to 80 characters', () => {
    const result = decode(weatherObservationSchema, JSON.stringify({ station_id: 'x'.repeat(10_000) }));
    const got = result.ok ? '' : (result.error.issues[0]?.got ?? '');
    expect(got.length).toBeLessThanOrEqual(80);
    expect(got.endsWith('…')).toBe(true);
  });

  it('keeps the reason of deeply nested junk short', () => {
    const junk = `{"station_id":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const result = decode(weatherObservationSchema, junk);
    expect(result.ok || result.error.issues[0]?.got.length).toBeLessThanOrEqual(80);
  });

  it('never throws, whatever the bytes', () => {
    let seed = 7;
    const byte = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % 256;
    };
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      'null',
      '1e999',
      '-0',
      '"ts"',
      '"event"',
      '\\u0000',
      ' ',
    ];
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: byte() }, byte);
      const text = Array.from({ length: byte() % 40 }, () => pieces[byte() % pieces.length]).join('');
      for (const topic of ALL_TOPICS) {
        expect(() => decode(TOPIC_SCHEMAS[topic], i % 2 ? bytes : text)).not.toThrow();
      }
    }
  });

  it('never throws on a value of the right shape with junk in every field', () => {
    const junk = { a: [{ b: {} }], n: -1e308, s: '\u0000'.repeat(100), t: true };
    for (const topic of ALL_TOPICS) {
      const fields = [
        'ticket_id',
        'event',
        'ts',
        'district',
        'contacts',
        'components',
        'evidence',
        'kind',
        'unit',
      ];
      const message = Object.fromEntries(fields.map((f, i) => [f, Object.values(junk)[i % 4]]));
      const result = decode(TOPIC_SCHEMAS[topic], JSON.stringify(message));
      expect(result.ok).toBe(false);
    }
  });
});

describe('parse > decodeOrThrow', () => {
  it('returns the value', () => {
    expect(decodeOrThrow(meterReadingSchema, meter).meter_id).toBe('WM-00012345');
  });

  it('throws a ContractError carrying the code, the issues and retriable: false', () => {
    const error = (() => {
      try {
        decodeOrThrow(meterReadingSchema, '{');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'malformed_json', retriable: false, name: 'ContractError' });
  });
});
