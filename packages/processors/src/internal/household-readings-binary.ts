import { isUtf8 } from 'node:buffer';
import { type HouseholdReading, type MeterReading, TIMESTAMP_MAX_CHARS, toEpochMs } from '@onegrid/contracts';

/**
 * Version 2 of the re-keyed meter topic's messages (household-readings.ts): binary, so the archive
 * writes each reading into one buffer and the detector reads it back without a JSON text, a flat
 * array and boxed numbers in between (issue 17: the JSON encoder was the chain's largest
 * allocation, ~580 B per reading). Layout, little-endian:
 *
 *   0xFF, 2                                   marker (never in UTF-8, nor first in JSON), version
 *   u32      how many readings follow (a message cut at a reading's end is refused too)
 *   per reading:
 *     varint   source partition
 *     u8       flags: bit 0 kind (0 water, 1 electricity), bits 1–2 reset (0 absent, 1 false,
 *              2 true), bit 3 a time follows (else the previous reading's); bits 4–7 zero
 *     [u16 + UTF-8]  ts, when bit 3 is set (a flush's readings mostly share their quarter-hour)
 *     u16 + UTF-8    meter_id
 *     u16 + UTF-8    household_id
 *     f64      reading
 *
 * Ids and times are the archive's strings, UTF-8 byte for byte; one that is not well-formed
 * UTF-16 (a lone surrogate) cannot be carried, and the caller writes version 1 instead.
 */
export const BINARY_MARKER = 0xff;
export const BINARY_VERSION = 2;
const KINDS = ['water', 'electricity'] as const;
const UNITS = { water: 'm3', electricity: 'kWh' } as const;
const KIND_BIT = 1;
const RESET_SHIFT = 1;
const TS_BIT = 8;
const RESERVED = 0xf0;
/** As the contract's ids (1–128 characters) and times (at most 64 characters). */
const MAX_ID = 128;
const MAX_TS = TIMESTAMP_MAX_CHARS;
/** The shortest reading: varint 1, flags 1, no time (the previous one's), two 1-byte ids 3 + 3, f64 8. */
const MIN_READING_BYTES = 16;
/** A lone surrogate: UTF-8 has no bytes for it. */
const LONE_SURROGATE = /\p{Cs}/u;

let scratch = Buffer.allocUnsafe(64 * 1024);

/** Room for `bytes` more at `at`, the scratch buffer grown (its written part kept) if needed. */
function room(at: number, bytes: number): void {
  if (at + bytes <= scratch.length) return;
  const grown = Buffer.allocUnsafe(Math.max(2 * scratch.length, at + bytes));
  scratch.copy(grown, 0, 0, at);
  scratch = grown;
}

/**
 * Writes `s` as u16 length + UTF-8 at `at`; the next offset, or -1 if `s` is not well-formed or
 * longer than a u16 can say (the contract bounds ids and times far below; version 1 then carries
 * it and its decoder words the refusal, instead of a RangeError escaping the archive's sink).
 */
function writeString(s: string, at: number): number {
  const n = scratch.write(s, at + 2, 'utf8');
  if (n > 0xffff || (n !== s.length && LONE_SURROGATE.test(s))) return -1;
  scratch.writeUInt16LE(n, at);
  return at + 2 + n;
}

/**
 * The readings as one version 2 message (a copy of exactly its bytes), or undefined when an id or
 * time is not well-formed UTF-16 (version 1 carries it).
 */
export function encodeBinary(readings: readonly SourcedReading[]): Buffer | undefined {
  let at = 0;
  room(0, 6);
  scratch[at++] = BINARY_MARKER;
  scratch[at++] = BINARY_VERSION;
  scratch.writeUInt32LE(readings.length, at);
  at += 4;
  let ts: string | undefined;
  for (const { partition, event: r } of readings) {
    // Varint ≤ 5, flags 1, three lengths 6, reading 8; UTF-8 ≤ 3 bytes per UTF-16 unit.
    room(at, 20 + 3 * (r.meter_id.length + r.household_id.length + r.ts.length));
    let p = partition;
    while (p >= 0x80) {
      scratch[at++] = (p & 0x7f) | 0x80;
      p = Math.floor(p / 0x80);
    }
    scratch[at++] = p;
    const flagsAt = at++;
    let flags =
      (r.kind === 'water' ? 0 : KIND_BIT) | ((r.reset === undefined ? 0 : r.reset ? 2 : 1) << RESET_SHIFT);
    if (r.ts !== ts) {
      ts = r.ts;
      flags |= TS_BIT;
      at = writeString(ts, at);
      if (at < 0) return undefined;
    }
    scratch[flagsAt] = flags;
    at = writeString(r.meter_id, at);
    if (at < 0) return undefined;
    at = writeString(r.household_id, at);
    if (at < 0) return undefined;
    scratch.writeDoubleLE(r.reading, at);
    at += 8;
  }
  return Buffer.from(scratch.subarray(0, at));
}

/**
 * The reading both versions decode: kind 0 water / 1 electricity, its contract unit, and `reset`
 * only when one was sent (0 absent, 1 false, 2 true), as the archive received it.
 */
export function meterReadingOf(
  meter: string,
  household: string,
  kindCode: number,
  ts: string,
  value: number,
  resetCode: number,
): MeterReading {
  const kind = KINDS[kindCode] as (typeof KINDS)[number];
  return resetCode === 0
    ? { meter_id: meter, household_id: household, kind, ts, reading: value, unit: UNITS[kind] }
    : {
        meter_id: meter,
        household_id: household,
        kind,
        ts,
        reading: value,
        unit: UNITS[kind],
        reset: resetCode === 2,
      };
}

/** A meter reading with the source partition it was read from, as the archive re-keys it. */
export interface SourcedReading {
  readonly partition: number;
  readonly event: MeterReading;
}

/**
 * The readings of a version 2 message, or what is wrong with it (the whole message is refused):
 * every length, code and bound checked against the bytes there are, ids that are not UTF-8
 * refused, each distinct time read once, as version 1 does.
 */
export function decodeBinary(buf: Uint8Array): readonly HouseholdReading[] | string {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 2 || b[0] !== BINARY_MARKER || b[1] !== BINARY_VERSION)
    return `$: expected version ${BINARY_VERSION} after the marker, got another layout`;
  if (b.length < 6) return '$: expected a count of readings';
  const count = b.readUInt32LE(2);
  if (count === 0) return '$: expected at least one reading, got none';
  // A count the bytes cannot hold is refused before reading (MIN_READING_BYTES each at least).
  if (count > (b.length - 6) / MIN_READING_BYTES)
    return `$: expected ${count} readings, got ${b.length} bytes`;
  const readings: HouseholdReading[] = [];
  let at = 6;
  let ts: string | undefined;
  // Reads a u16-length string at `at` of 1..max characters; the string, or undefined if bad.
  const string = (max: number): string | undefined => {
    if (at + 2 > b.length) return undefined;
    const n = b.readUInt16LE(at);
    const start = at + 2;
    const end = start + n;
    if (n === 0 || end > b.length) return undefined;
    at = end;
    let high = 0;
    for (let i = start; i < end; i++) high |= b[i] as number;
    let s: string;
    if (high < 0x80) s = b.toString('latin1', start, end);
    else if (isUtf8(b.subarray(start, end))) s = b.toString('utf8', start, end);
    else return undefined;
    return s.length <= max ? s : undefined;
  };
  while (at < b.length) {
    const index = readings.length;
    const wrong = (what: string) => `reading ${index}: ${what} (the whole message is refused)`;
    let source = 0;
    let scale = 1;
    for (let shift = 0; ; shift += 7) {
      if (at >= b.length || shift > 28) return wrong('source_partition: expected a varint < 2^31');
      const byte = b[at++] as number;
      source += (byte & 0x7f) * scale;
      scale *= 0x80;
      if (byte < 0x80) break;
    }
    if (source > 0x7fffffff) return wrong('source_partition: expected a varint < 2^31');
    if (at >= b.length) return wrong('flags: expected a byte');
    const flags = b[at++] as number;
    const resetCode = (flags >> RESET_SHIFT) & 3;
    if ((flags & RESERVED) !== 0 || resetCode === 3)
      return wrong('flags: expected kind, reset 0–2, time bit');
    if ((flags & TS_BIT) !== 0) {
      const text = string(MAX_TS);
      if (text === undefined || !Number.isFinite(toEpochMs(text)))
        return wrong('ts: expected ISO-8601 time with offset');
      ts = text;
    } else if (ts === undefined) return wrong('ts: expected a time, none given before');
    const meter = string(MAX_ID);
    if (meter === undefined) return wrong('meter_id: expected 1–128 characters of UTF-8');
    const household = string(MAX_ID);
    if (household === undefined) return wrong('household_id: expected 1–128 characters of UTF-8');
    if (at + 8 > b.length) return wrong('reading: expected 8 bytes');
    const value = b.readDoubleLE(at);
    at += 8;
    if (!(value >= 0) || value === Number.POSITIVE_INFINITY) return wrong('reading: expected number ≥ 0');
    const reading = meterReadingOf(meter, household, flags & KIND_BIT, ts, value, resetCode);
    readings.push({ source_partition: source, reading });
    if (readings.length === count) break;
  }
  if (readings.length !== count || at !== b.length)
    return `$: expected ${count} readings in ${b.length} bytes, got ${readings.length} in ${at}`;
  return readings;
}
