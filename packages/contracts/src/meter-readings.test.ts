import { describe, expect, it } from 'vitest';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { meterReadingSchema } from './meter-readings.ts';
import { decode } from './parse.ts';
import { TOPICS } from './topics.ts';

const reading = (changes: Record<string, unknown>, index = 0) =>
  exampleWith(TOPICS.meterReadings, changes, index);

describe('meter-readings > meterReadingSchema', () => {
  it('accepts a reset reading', () => {
    const result = decode(meterReadingSchema, reading({ reset: true, reading: 0 }));
    expect(result.ok && result.value.reset).toBe(true);
  });

  it('rejects a water reading in kWh', () => {
    expect(reasonFor(meterReadingSchema, reading({ unit: 'kWh' }))).toBe(
      'unit: expected "m3" (the unit of kind "water"), got "kWh"',
    );
  });

  it('rejects an electricity reading in m3', () => {
    expect(reasonFor(meterReadingSchema, reading({ unit: 'm3' }, 1))).toBe(
      'unit: expected "kWh" (the unit of kind "electricity"), got "m3"',
    );
  });

  it('rejects an unknown kind', () => {
    expect(reasonFor(meterReadingSchema, reading({ kind: 'gas' }))).toBe(
      'kind: expected one of "water" | "electricity", got "gas"',
    );
  });

  it('rejects a negative reading', () => {
    expect(reasonFor(meterReadingSchema, reading({ reading: -0.5 }))).toBe(
      'reading: expected number ≥ 0, got -0.5',
    );
  });

  it('rejects a reading sent as a string', () => {
    expect(reasonFor(meterReadingSchema, reading({ reading: '1834.562' }))).toBe(
      'reading: expected number, got "1834.562"',
    );
  });

  it('rejects a reading without a meter id', () => {
    expect(reasonFor(meterReadingSchema, reading({ meter_id: undefined }))).toBe(
      'meter_id: expected string, got nothing',
    );
  });

  it('rejects an empty meter id', () => {
    expect(reasonFor(meterReadingSchema, reading({ meter_id: '' }))).toBe(
      'meter_id: expected non-empty string, got ""',
    );
  });

  it('rejects a time without an offset', () => {
    expect(reasonFor(meterReadingSchema, reading({ ts: '2026-09-14 08:15' }))).toBe(
      'ts: expected ISO-8601 time with offset, got "2026-09-14 08:15"',
    );
  });

  it('rejects a reset flag that is not a boolean', () => {
    expect(reasonFor(meterReadingSchema, reading({ reset: 'yes' }))).toBe(
      'reset: expected boolean, got "yes"',
    );
  });
});
