import { describe, expect, it } from 'vitest';
import { quickMeterReading } from './decoders-meter.ts';
import { meterReadingSchema } from './meter-readings.ts';

const valid = {
  meter_id: 'EM-00000001',
  household_id: 'HH-00000001',
  kind: 'electricity',
  ts: '2026-09-14T08:15:00+08:00',
  reading: 1234.5,
  unit: 'kWh',
};

/** Valid and hostile messages, as JSON text (so JSON.parse makes them, as on the topic). */
const MESSAGES: string[] = [
  JSON.stringify(valid),
  JSON.stringify({ ...valid, reset: true }),
  JSON.stringify({ ...valid, reset: false }),
  JSON.stringify({ ...valid, kind: 'water', unit: 'm3', reading: 0 }),
  // Fields in another order: the schema's order comes out.
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
  '{"constructor":1,"meter_id":"EM-1","household_id":"HH-1","kind":"water","ts":"2026-09-14T08:15:00+08:00","reading":1,"unit":"m3"}',
  JSON.stringify({ ...valid, meter_id: '' }),
  JSON.stringify({ ...valid, meter_id: 'M'.repeat(128) }),
  JSON.stringify({ ...valid, meter_id: 'M'.repeat(129) }),
  JSON.stringify({ ...valid, household_id: '😀'.repeat(64) }),
  JSON.stringify({ ...valid, household_id: '😀'.repeat(65) }),
  JSON.stringify({ ...valid, household_id: 7 }),
  JSON.stringify({ ...valid, kind: 'gas' }),
  JSON.stringify({ ...valid, kind: 'water' }), // unit of the other kind
  JSON.stringify({ ...valid, unit: 'KWH' }),
  JSON.stringify({ ...valid, reading: -0.001 }),
  JSON.stringify({ ...valid, reading: '12' }),
  JSON.stringify({ ...valid, reading: null }),
  JSON.stringify(valid).replace('1234.5', '1e400'), // Infinity after JSON.parse
  JSON.stringify(valid).replace('1234.5', '-0'),
  JSON.stringify({ ...valid, reset: null }),
  JSON.stringify({ ...valid, reset: 'true' }),
  JSON.stringify({ ...valid, reset: 1 }),
  JSON.stringify({ ...valid, ts: '2026-09-14T08:15:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T08:15:00Z' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T08:15:00.123456+08:00' }),
  JSON.stringify({ ...valid, ts: '2026-02-30T08:15:00+08:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14 08:15:00+08:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T24:00:00+08:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T08:15:00+8:00' }),
  JSON.stringify({ ...valid, ts: 1_757_808_900_000 }),
  JSON.stringify({ ...valid, ts: '' }),
  '[]',
  'null',
  '"a string"',
  '1',
  '{}',
];

describe('contracts > quick meter reading check', () => {
  it('accepts only what the schema accepts, giving the same object in the same field order', () => {
    let accepted = 0;
    for (const text of MESSAGES) {
      const json: unknown = JSON.parse(text);
      const quick = quickMeterReading(json);
      const schema = meterReadingSchema.safeParse(JSON.parse(text));
      if (quick === undefined) continue; // the schema decodes it (and words the reason)
      accepted++;
      expect(schema.success, text).toBe(true);
      expect(JSON.stringify(quick), text).toBe(JSON.stringify(schema.data));
      expect(quick, text).toStrictEqual(schema.data);
    }
    expect(accepted).toBeGreaterThanOrEqual(7);
  });

  it('says yes to the valid readings a topic carries, each time of a run checked', () => {
    expect(quickMeterReading(valid)).toStrictEqual(valid);
    // In the schema's order, the parsed object itself; in another, a copy in the schema's order.
    expect(quickMeterReading(valid)).toBe(valid);
    const { unit, ...rest } = valid;
    const reordered = { unit, ...rest };
    expect(Object.keys(quickMeterReading(reordered) ?? {})).toEqual(Object.keys(valid));
    expect(quickMeterReading({ ...valid, ts: '2026-09-14T08:15:00.250Z' })).toBeDefined();
    expect(quickMeterReading({ ...valid, ts: '2026-09-14T08:15:00' })).toBeUndefined();
    expect(quickMeterReading(valid)).toBeDefined();
  });
});
