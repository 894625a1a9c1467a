import type { MeterReading } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { decodeHouseholdReadings, encodeHouseholdReadings } from './household-readings.ts';
import { BINARY_MARKER, BINARY_VERSION, decodeBinary, encodeBinary } from './household-readings-binary.ts';

const electricity: MeterReading = {
  meter_id: 'EM-00000001',
  household_id: 'HH-00000001',
  kind: 'electricity',
  ts: '2026-09-14T08:15:00+08:00',
  reading: 1234.567,
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
const sourced = [
  { partition: 3, event: electricity },
  { partition: 0, event: water },
  { partition: 300, event: { ...electricity, reset: false } },
  { partition: 1, event: { ...water, ts: electricity.ts, meter_id: '😀'.repeat(64), reading: 1e-9 } },
];
const expected = sourced.map((s) => ({ source_partition: s.partition, reading: s.event }));
const bytes = (): Buffer => {
  const b = encodeBinary(sourced);
  if (b === undefined) throw new Error('not encoded');
  return b;
};
const reasonOf = (b: Uint8Array): string | undefined => {
  const r = decodeBinary(b);
  return typeof r === 'string' ? r : undefined;
};

describe('internal topic > binary household readings (version 2)', () => {
  it('decodes exactly what was packed, in order, ids and times as the archive accepted them', () => {
    const b = bytes();
    expect([b[0], b[1]]).toEqual([BINARY_MARKER, BINARY_VERSION]);
    expect(decodeBinary(b)).toEqual(expected);
    expect(decodeHouseholdReadings(b)).toEqual({ ok: true, value: expected });
    // As a Uint8Array too (not a Buffer), and from the middle of a larger buffer.
    const within = Buffer.concat([Buffer.from('xx'), b]).subarray(2);
    expect(decodeBinary(new Uint8Array(within.buffer, within.byteOffset, within.byteLength))).toEqual(
      expected,
    );
  });

  it('decodes many shortest readings: 1-character ids sharing one time', () => {
    // 16 bytes a reading after the first: a count bound of 22 refused this whole flush.
    const short = Array.from({ length: 50 }, (_, i) => ({
      partition: 0,
      event: { ...electricity, meter_id: String.fromCharCode(65 + (i % 26)), household_id: 'H', reading: i },
    }));
    const b = encodeBinary(short);
    if (b === undefined) throw new Error('not encoded');
    expect(b.length).toBeLessThan(6 + 50 * 17 + 32);
    expect(decodeBinary(b)).toEqual(short.map((s) => ({ source_partition: 0, reading: s.event })));
  });

  it('leaves a string a u16 cannot measure to version 1 instead of throwing', () => {
    const long = [{ partition: 0, event: { ...electricity, household_id: 'H'.repeat(70_000) } }];
    expect(encodeBinary(long)).toBeUndefined();
    expect(typeof encodeHouseholdReadings(long)).toBe('string');
  });

  it('refuses a source partition of 2^31 or more', () => {
    const b = Buffer.from(bytes());
    // The first reading's varint (partition 3, one byte) widened to five bytes: 2^31 + 3.
    const wide = Buffer.concat([
      b.subarray(0, 6),
      Buffer.from([0x83, 0x80, 0x80, 0x80, 0x08]),
      b.subarray(7),
    ]);
    expect(reasonOf(wide)).toMatch(/source_partition: expected a varint < 2\^31/);
  });

  it('is much smaller than version 1', () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({
      partition: i % 6,
      event: { ...electricity, meter_id: `EM-${String(i).padStart(8, '0')}`, reading: i * 1.25 },
    }));
    const binary = encodeHouseholdReadings(many);
    expect(Buffer.isBuffer(binary)).toBe(true);
    expect(binary.length).toBeLessThan(
      (0.6 * Buffer.byteLength(JSON.stringify(many.map((m) => m.event)))) / 2,
    );
  });

  it('falls back to version 1 for an id UTF-8 cannot carry (a lone surrogate), still exact', () => {
    const lone = [{ partition: 2, event: { ...electricity, household_id: 'HH-\ud800' } }];
    expect(encodeBinary(lone)).toBeUndefined();
    const message = encodeHouseholdReadings(lone);
    expect(typeof message).toBe('string');
    expect(decodeHouseholdReadings(message)).toEqual({
      ok: true,
      value: [{ source_partition: 2, reading: lone[0]?.event }],
    });
  });

  it('refuses a message that does not unpack, whole, naming the reading and field', () => {
    const b = bytes();
    expect(reasonOf(b.subarray(0, 2))).toContain('count');
    expect(reasonOf(Buffer.from([BINARY_MARKER, BINARY_VERSION, 0, 0, 0, 0]))).toContain(
      'at least one reading',
    );
    expect(reasonOf(Buffer.concat([b, Buffer.from([0])]))).toContain('expected 4 readings');
    const more = Buffer.from(b);
    more.writeUInt32LE(5, 2);
    expect(reasonOf(more)).toBeDefined();
    expect(reasonOf(Buffer.from([BINARY_MARKER, 3, 0]))).toContain('version 2');
    // Cut anywhere inside: refused, never thrown, never a partial list.
    for (let end = 3; end < b.length; end++) expect(reasonOf(b.subarray(0, end)), String(end)).toBeDefined();
    const first = Buffer.from(b);
    first[7] = 0x10; // a reserved flag bit
    expect(reasonOf(first)).toBe(
      'reading 0: flags: expected kind, reset 0–2, time bit (the whole message is refused)',
    );
    first[7] = 3 << 1; // reset 3
    expect(reasonOf(first)).toContain('reading 0: flags');
    first[7] = 1; // no time given before
    expect(reasonOf(first)).toContain('reading 0: ts: expected a time');
    const write = (r: Partial<MeterReading>) => {
      const e = encodeBinary([{ partition: 0, event: { ...electricity, ...r } }]);
      if (e === undefined) throw new Error('not encoded');
      return e;
    };
    expect(reasonOf(write({ ts: '2026-09-14 08:15' }))).toContain('reading 0: ts');
    expect(reasonOf(write({ ts: `2026-09-14T08:15:00.${'1'.repeat(60)}+08:00` }))).toContain('ts');
    expect(reasonOf(write({ meter_id: '' }))).toContain('meter_id');
    expect(reasonOf(write({ household_id: 'H'.repeat(129) }))).toContain('household_id');
    expect(reasonOf(write({ reading: -0.5 }))).toContain('reading: expected number ≥ 0');
    expect(reasonOf(write({ reading: Number.NaN }))).toContain('reading');
    expect(reasonOf(write({ reading: Number.POSITIVE_INFINITY }))).toContain('reading');
    // An id's bytes that are not UTF-8.
    const bad = Buffer.from(write({ household_id: 'HH-é' }));
    const at = bad.indexOf(Buffer.from('HH-é'));
    bad[at + 3] = 0xff;
    expect(reasonOf(bad)).toContain('household_id');
    // A varint that never ends.
    const endless = Buffer.alloc(40, 0xff);
    endless.set([BINARY_MARKER, BINARY_VERSION, 1, 0, 0, 0]);
    expect(reasonOf(endless)).toContain('source_partition');
    expect(decodeHouseholdReadings(Buffer.from([BINARY_MARKER, 0x02, 0x00]))).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('never throws on damaged bytes (mutations of a valid message)', () => {
    const b = bytes();
    let seed = 17;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed;
    };
    let refused = 0;
    for (let round = 0; round < 3_000; round++) {
      const m = Buffer.from(b);
      for (let k = 0; k <= round % 4; k++) m[2 + (next() % (m.length - 2))] = next() & 0xff;
      const r = decodeHouseholdReadings(m);
      if (!r.ok) refused++;
      else for (const h of r.value) expect(h.reading.reading).toBeGreaterThanOrEqual(0);
    }
    expect(refused).toBeGreaterThan(0);
  });
});
