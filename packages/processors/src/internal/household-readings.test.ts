import { householdReadingSchema, type MeterReading } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import {
  decodeHouseholdReadings,
  encodeHouseholdReadings,
  encodeHouseholdReadingsJson,
  packedBytesOf,
} from './household-readings.ts';

const electricity: MeterReading = {
  meter_id: 'EM-00000001',
  household_id: 'HH-00000001',
  kind: 'electricity',
  ts: '2026-09-14T08:15:00+08:00',
  reading: 1234.5,
  unit: 'kWh',
};
const water: MeterReading = {
  meter_id: 'WM-水表-7',
  household_id: 'HH-"quoted"',
  kind: 'water',
  ts: '2026-09-14T00:15:00.250Z',
  reading: 0,
  unit: 'm3',
  reset: true,
};
const notReset: MeterReading = { ...electricity, reset: false };

const errorOf = (value: string | Uint8Array | null) => {
  const decoded = decodeHouseholdReadings(value);
  return decoded.ok ? undefined : decoded.error;
};

describe('internal topic > packed household readings', () => {
  it('writes the text JSON.stringify gives the flat layout, whatever the ids hold', () => {
    const odd = [
      'a"b',
      'back\\slash',
      'tab\there',
      'nl\n',
      '\u0000\u001f\u007f',
      '水表',
      'lone\ud800',
      '😀',
      ' ~!#[]{}',
    ];
    const sourced = odd.flatMap((id, i) => [
      { partition: i, event: { ...electricity, meter_id: id, household_id: `H-${id}`, reading: i * 0.1 } },
      { partition: i + 1, event: { ...water, ts: i % 2 === 0 ? water.ts : `${id}-not-a-time` } },
      { partition: 0, event: notReset },
    ]);
    const flat: unknown[] = [1];
    for (const { partition, event: r } of sourced)
      flat.push(
        partition,
        r.meter_id,
        r.household_id,
        r.kind === 'water' ? 0 : 1,
        r.ts,
        r.reading,
        r.reset === undefined ? 0 : r.reset ? 2 : 1,
      );
    expect(encodeHouseholdReadingsJson(sourced)).toBe(JSON.stringify(flat));
    expect(encodeHouseholdReadingsJson([])).toBe('[1]');
  });

  it('decodes exactly what was packed, in order, each with its source partition', () => {
    const sourced = [
      { partition: 3, event: electricity },
      { partition: 0, event: water },
      { partition: 11, event: notReset },
    ];
    const decoded = decodeHouseholdReadings(encodeHouseholdReadings(sourced));
    expect(decoded).toEqual({
      ok: true,
      value: sourced.map((s) => ({ source_partition: s.partition, reading: s.event })),
    });
    // Version 1, as text and as the bytes of it.
    const json = encodeHouseholdReadingsJson(sourced);
    expect(decodeHouseholdReadings(json)).toEqual(decoded);
    expect(decodeHouseholdReadings(Buffer.from(json))).toEqual(decoded);
    // As the contract's own decoder would have given them: no field added or lost.
    if (decoded.ok) for (const h of decoded.value) expect(householdReadingSchema.parse(h)).toStrictEqual(h);
  });

  it('is smaller than a record of JSON per reading, and within the size it promises', () => {
    const sourced = Array.from({ length: 100 }, (_, i) => ({
      partition: i % 6,
      event: { ...electricity, reading: i },
    }));
    const packed = Buffer.byteLength(encodeHouseholdReadings(sourced));
    const perRecord = sourced.reduce(
      (sum, s) =>
        sum + Buffer.byteLength(JSON.stringify({ source_partition: s.partition, reading: s.event })),
      0,
    );
    expect(packed).toBeLessThan(perRecord * 0.6);
    expect(packed).toBeLessThanOrEqual(sourced.reduce((sum, s) => sum + packedBytesOf(s), 0));
    const wide = {
      partition: 1,
      event: { ...water, meter_id: '水'.repeat(128), household_id: '户'.repeat(128) },
    };
    expect(Buffer.byteLength(encodeHouseholdReadings([wide]))).toBeLessThanOrEqual(packedBytesOf(wide));
  });

  it('still reads a message written before packing: one reading as a JSON object', () => {
    const old = JSON.stringify({ source_partition: 2, reading: electricity });
    expect(decodeHouseholdReadings(old)).toEqual({
      ok: true,
      value: [{ source_partition: 2, reading: electricity }],
    });
    expect(errorOf(JSON.stringify({ source_partition: -1, reading: electricity }))?.code).toBe('invalid');
  });

  it('refuses bytes that do not unpack, whole, with the reason', () => {
    expect(errorOf(null)?.code).toBe('empty');
    expect(errorOf('')?.code).toBe('empty');
    expect(errorOf(new Uint8Array([0xfe, 0xff]))?.code).toBe('malformed_json');
    expect(errorOf(new Uint8Array([0xff, 0xfe]))?.code).toBe('invalid'); // version 2's marker, another version
    expect(errorOf('[1,0,"EM-1"')?.code).toBe('malformed_json');
    expect(errorOf('"a string"')).toMatchObject({
      code: 'invalid',
      reason: expect.stringContaining('version 1'),
    });
    expect(errorOf('[2,0,"EM-1","HH-1",1,"2026-09-14T08:15:00+08:00",1,0]')?.reason).toContain('version 1');
    expect(errorOf('[1]')?.reason).toContain('7 fields');
    expect(errorOf('[1,0,"EM-1","HH-1",1,"2026-09-14T08:15:00+08:00",1]')?.reason).toContain('7 fields');
  });

  it('refuses a message with one bad reading among good ones, naming it', () => {
    const good = JSON.parse(encodeHouseholdReadingsJson([{ partition: 0, event: electricity }])) as unknown[];
    const fields = good.slice(1);
    const bad = (i: number, value: unknown) => {
      const row = [...fields];
      row[i] = value;
      return JSON.stringify([1, ...fields, ...row]);
    };
    expect(errorOf(bad(0, -1))?.reason).toBe(
      'reading 1: source_partition: expected integer ≥ 0 (the whole message is refused)',
    );
    expect(errorOf(bad(0, 1.5))?.reason).toContain('source_partition');
    expect(errorOf(bad(1, ''))?.reason).toContain('meter_id');
    expect(errorOf(bad(2, 'H'.repeat(129)))?.reason).toContain('household_id');
    expect(errorOf(bad(3, 2))?.reason).toContain('kind');
    expect(errorOf(bad(4, '2026-09-14 08:15'))?.reason).toContain('ts');
    expect(errorOf(bad(4, 1_757_808_900_000))?.reason).toContain('ts');
    expect(errorOf(bad(5, -0.5))?.reason).toContain('reading: expected number ≥ 0');
    expect(errorOf(bad(5, '12'))?.reason).toContain('reading');
    expect(errorOf(bad(6, 3))?.reason).toContain('reset');
    expect(errorOf(bad(6, null))?.reason).toContain('reset');
  });

  it('checks the time of every reading, also among readings of one quarter-hour', () => {
    const packed = (times: unknown[]) =>
      JSON.stringify([1, ...times.flatMap((ts) => [0, 'EM-1', 'HH-1', 1, ts, 1, 0])]);
    const ts = '2026-09-14T08:15:00+08:00';
    expect(decodeHouseholdReadings(packed([ts, ts, ts])).ok).toBe(true);
    expect(errorOf(packed(['']))?.reason).toContain('reading 0: ts');
    expect(errorOf(packed([ts, ts, '2026-09-14T08:15:00']))?.reason).toContain('reading 2: ts');
    expect(errorOf(packed([ts, '2026-13-14T08:15:00+08:00', ts]))?.reason).toContain('reading 1: ts');
  });
});
