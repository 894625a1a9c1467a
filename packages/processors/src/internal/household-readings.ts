import { isUtf8 } from 'node:buffer';
import {
  type HouseholdReading,
  householdReadingSchema,
  streamCodec,
  TIMESTAMP_MAX_CHARS,
  toEpochMs,
} from '@onegrid/contracts';
import type { Decoded } from '@onegrid/stream';
import {
  BINARY_MARKER,
  decodeBinary,
  encodeBinary,
  meterReadingOf,
  type SourcedReading,
} from './household-readings-binary.ts';

/**
 * The wire format of `onegrid.internal.meter-readings-by-household`: onegrid's own topic, not
 * the city contract, so it is packed for speed (issue 17). One message carries the readings of
 * one flush for one partition, in binary (version 2, `encodeHouseholdReadings`, below) or, where
 * an id is not well-formed UTF-16 (a lone surrogate UTF-8 cannot carry), as a flat JSON array
 * (version 1): the version, then seven fields per reading
 *
 *   [1, source_partition, meter_id, household_id, kind, ts, reading, reset, …]
 *
 * with `kind` 0 = water, 1 = electricity (the unit follows from it: the contract requires it),
 * and `reset` 0 = absent, 1 = false, 2 = true (so a reading decodes exactly as the archive
 * accepted it). A record per reading cost the Kafka client more than anything else in the chain.
 * Messages written before either format (one `HouseholdReading` object each, `{…}`) and version 1
 * messages still decode, so an upgrade needs no empty topic.
 */
const PACKED_VERSION = 1;
const FIELDS = 7;
/** Field bounds as the contract's (`id`: 1–128 characters, a time at most 64). */
const MAX_ID = 128;
const MAX_TS = TIMESTAMP_MAX_CHARS;

export type { SourcedReading };

/** The readings as one message: version 2 (binary), or version 1 when an id UTF-8 cannot carry. */
export function encodeHouseholdReadings(readings: readonly SourcedReading[]): Buffer | string {
  return encodeBinary(readings) ?? encodeHouseholdReadingsJson(readings);
}

/**
 * Packs readings, in order, into one message value (see the format above): the text
 * `JSON.stringify` gives the flat array, written straight out (issue 17: the array held seven
 * values per reading, each reading's number boxed, all garbage once stringified; 1.0–1.2 against
 * 0.8 µs per reading in a micro-benchmark). A string with nothing to escape is quoted as it is;
 * any other goes through `JSON.stringify`.
 */
export function encodeHouseholdReadingsJson(readings: readonly SourcedReading[]): string {
  let out = `[${PACKED_VERSION}`;
  // A flush's readings mostly share their quarter-hour: its text is quoted once per run of it.
  let ts: string | undefined;
  let tsText = '';
  for (const { partition, event: r } of readings) {
    if (r.ts !== ts) {
      ts = r.ts;
      tsText = quoted(ts);
    }
    const reset = r.reset === undefined ? 0 : r.reset ? 2 : 1;
    out += `,${partition},${quoted(r.meter_id)},${quoted(r.household_id)},${r.kind === 'water' ? 0 : 1},${tsText},${JSON.stringify(r.reading)},${reset}`;
  }
  return `${out}]`;
}

/** Printable ASCII but `"` and `\`: JSON text as it is. */
const PLAIN = /^[\u0020\u0021\u0023-\u005b\u005d-\u007e]*$/;
const quoted = (s: string): string => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

/** An upper bound of a reading's share of a message, in bytes (ids may be any UTF-8). */
export function packedBytesOf({ event: r }: SourcedReading): number {
  return 3 * (r.meter_id.length + r.household_id.length + r.ts.length) + 48;
}

const legacy = streamCodec.decoder(householdReadingSchema);

const fail = (code: string, reason: string): Decoded<never> => ({ ok: false, error: { code, reason } });

/**
 * The readings of one message of the topic, never throwing: a message that cannot be read whole
 * is refused whole (`empty`, `malformed_json` or `invalid`, the contract's codes) and its bytes
 * go to the topic's dead letters. The archive checked every reading against the contract
 * before packing it; this checks each field's type and bounds again (what the detector relies
 * on), without the contract's full schema per reading.
 */
export function decodeHouseholdReadings(
  value: string | Uint8Array | null,
): Decoded<readonly HouseholdReading[]> {
  if (value === null || value.length === 0) return fail('empty', '$: expected a packed array, got no value');
  if (typeof value !== 'string') {
    if (value[0] === BINARY_MARKER) {
      const readings = decodeBinary(value);
      return typeof readings === 'string' ? fail('invalid', readings) : { ok: true, value: readings };
    }
    // Version 1 or older as bytes (the runtime hands over text it could decode as UTF-8).
    if (!isUtf8(value)) return fail('malformed_json', '$: expected UTF-8 JSON or version 2, got other bytes');
    return decodeHouseholdReadings(
      Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'),
    );
  }
  if (value.trimStart().startsWith('{')) {
    const one = legacy(value);
    return one.ok ? { ok: true, value: [one.value] } : one;
  }
  let flat: unknown;
  try {
    flat = JSON.parse(value);
  } catch {
    return fail('malformed_json', '$: expected a packed array, got malformed JSON');
  }
  if (!Array.isArray(flat) || flat[0] !== PACKED_VERSION)
    return fail('invalid', `$: expected an array of version ${PACKED_VERSION}, got another layout`);
  if (flat.length === 1 || (flat.length - 1) % FIELDS !== 0)
    return fail('invalid', `$: expected ${FIELDS} fields per reading, got ${flat.length - 1} values`);
  const readings: HouseholdReading[] = [];
  // A flush's readings mostly share their quarter-hour: a time read once is not read again.
  const checked: { ts?: string } = {};
  for (let i = 1; i < flat.length; i += FIELDS) {
    const reading = readingAt(flat, i, checked);
    if (typeof reading === 'string')
      return fail('invalid', `reading ${(i - 1) / FIELDS}: ${reading} (the whole message is refused)`);
    readings.push(reading);
  }
  return { ok: true, value: readings };
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID;

/** The reading at `i`, or what is wrong with it; `checked.ts` is the last time found valid. */
function readingAt(flat: readonly unknown[], i: number, checked: { ts?: string }): HouseholdReading | string {
  const source = flat[i];
  const meter = flat[i + 1];
  const household = flat[i + 2];
  const kindCode = flat[i + 3];
  const ts = flat[i + 4];
  const value = flat[i + 5];
  const resetCode = flat[i + 6];
  if (!Number.isInteger(source) || (source as number) < 0) return 'source_partition: expected integer ≥ 0';
  if (!isId(meter)) return 'meter_id: expected 1–128 characters';
  if (!isId(household)) return 'household_id: expected 1–128 characters';
  if (kindCode !== 0 && kindCode !== 1) return 'kind: expected 0 (water) or 1 (electricity)';
  if (typeof ts !== 'string') return 'ts: expected ISO-8601 time with offset';
  if (ts !== checked.ts) {
    if (ts.length > MAX_TS || !Number.isFinite(toEpochMs(ts)))
      return 'ts: expected ISO-8601 time with offset';
    checked.ts = ts;
  }
  if (typeof value !== 'number' || !(value >= 0)) return 'reading: expected number ≥ 0';
  if (resetCode !== 0 && resetCode !== 1 && resetCode !== 2)
    return 'reset: expected 0 (absent), 1 (false) or 2 (true)';
  return {
    source_partition: source as number,
    reading: meterReadingOf(meter, household, kindCode, ts, value, resetCode),
  };
}
