import { describe, expect, it } from 'vitest';
// The runtime bench's codec (bench/, not shipped): its figures hold only if its check without
// zod accepts exactly what the schema accepts.
import { benchCodec, meterReadingSchema, quickReading } from '../bench/meter-readings.ts';

const valid = {
  meter_id: 'EM-00000001',
  household_id: 'HH-00000001',
  kind: 'electricity',
  ts: '2026-09-14T08:15:00.000+08:00',
  reading: 1234.5,
  unit: 'kWh',
};

/** Valid and hostile messages, as JSON text (so JSON.parse makes them, as on the topic). */
const MESSAGES: string[] = [
  JSON.stringify(valid),
  JSON.stringify({ ...valid, reset: true }),
  JSON.stringify({ ...valid, reset: false }),
  JSON.stringify({ ...valid, kind: 'water', unit: 'm3', reading: 0 }),
  JSON.stringify({ ...valid, kind: 'water' }), // the bench's schema does not tie unit to kind
  JSON.stringify({
    unit: 'kWh',
    reading: 1,
    ts: valid.ts,
    kind: 'electricity',
    household_id: 'H',
    meter_id: 'M',
  }),
  JSON.stringify({ ...valid, extra: 1 }),
  '{"__proto__":{"x":1},"meter_id":"EM-1","household_id":"HH-1","kind":"water","ts":"2026-09-14T08:15:00+08:00","reading":1,"unit":"m3"}',
  '{"meter_id":"EM-1","household_id":"HH-1","kind":"water","ts":"2026-09-14T08:15:00+08:00","reading":1,"unit":"m3","__proto__":{"reset":1}}',
  '{"1":0,"meter_id":"EM-1","household_id":"HH-1","kind":"water","ts":"2026-09-14T08:15:00+08:00","reading":1,"unit":"m3"}',
  JSON.stringify({ ...valid, meter_id: '' }),
  JSON.stringify({ ...valid, meter_id: 'M'.repeat(64) }),
  JSON.stringify({ ...valid, meter_id: 'M'.repeat(65) }),
  JSON.stringify({ ...valid, household_id: '😀'.repeat(32) }),
  JSON.stringify({ ...valid, household_id: '😀'.repeat(33) }),
  JSON.stringify({ ...valid, household_id: 7 }),
  JSON.stringify({ ...valid, kind: 'gas' }),
  JSON.stringify({ ...valid, unit: 'KWH' }),
  JSON.stringify({ ...valid, reading: -0.001 }),
  JSON.stringify({ ...valid, reading: '12' }),
  JSON.stringify({ ...valid, reading: null }),
  JSON.stringify(valid).replace('1234.5', '1e400'), // Infinity after JSON.parse
  JSON.stringify(valid).replace('1234.5', '-0'),
  JSON.stringify({ ...valid, reset: null }),
  JSON.stringify({ ...valid, reset: 'true' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T08:15:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T08:15:00Z' }),
  JSON.stringify({ ...valid, ts: '2026-02-30T08:15:00+08:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14 08:15:00+08:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T24:00:00+08:00' }),
  JSON.stringify({ ...valid, ts: 1_757_808_900_000 }),
  JSON.stringify({ ...valid, ts: '' }),
  JSON.stringify({ meter_id: 'EM-1', household_id: 'HH-1', kind: 'water', ts: valid.ts, unit: 'm3' }),
  '[]',
  'null',
  '1',
  '{}',
];

describe('stream bench > codec', () => {
  it('says yes without zod only to what the schema accepts, giving the same object', () => {
    let accepted = 0;
    for (const text of MESSAGES) {
      const quick = quickReading(JSON.parse(text));
      const schema = meterReadingSchema.safeParse(JSON.parse(text));
      if (quick === undefined) continue; // zod decodes it (and words the reason)
      accepted++;
      expect(schema.success, text).toBe(true);
      expect(JSON.stringify(quick), text).toBe(JSON.stringify(schema.data));
      expect(quick, text).toStrictEqual(schema.data);
    }
    expect(accepted).toBeGreaterThanOrEqual(5);
  });

  it('decodes every message as zod does, accepted or refused', () => {
    const decode = benchCodec.decoder(meterReadingSchema);
    for (const text of MESSAGES) {
      const decoded = decode(text);
      const schema = meterReadingSchema.safeParse(JSON.parse(text));
      expect(decoded.ok, text).toBe(schema.success);
      if (decoded.ok) expect(JSON.stringify(decoded.value), text).toBe(JSON.stringify(schema.data));
    }
  });

  it('refuses bytes that are not UTF-8, as @onegrid/contracts does, and reads those that are', () => {
    const decode = benchCodec.decoder(meterReadingSchema);
    const text = JSON.stringify({ ...valid, household_id: 'HH-Zürich' });
    expect(decode(Buffer.from(text))).toMatchObject({ ok: true, value: { household_id: 'HH-Zürich' } });
    expect(decode(new TextEncoder().encode(text))).toMatchObject({ ok: true });
    // 'ü' as Latin-1 (0xFC), a lone continuation byte, a truncated sequence: each would read as
    // U+FFFD, a valid id, without a fatal decoder.
    for (const bad of [[0xfc], [0x80], [0xe2, 0x82]]) {
      const [before, after] = text.split('ü') as [string, string];
      const bytes = Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
      expect(decode(bytes), bad.join(' ')).toMatchObject({ ok: false, error: { code: 'malformed_json' } });
    }
  });
});
