// The benches' input: meter readings shaped as onegrid's (STREAMS.md), with a schema and codec
// of their own. The runtime knows no city, so neither do its benches: @onegrid/contracts'
// codec (processors' path) decodes the same way (bytes as UTF-8 by a fatal decoder, JSON.parse,
// then for the meter topic a check without zod that returns the parsed object,
// `quickMeterReading`; the compiled zod schema for anything that check does not accept), and
// differs only in the reasons it writes for messages that fail, which the benches never send.
import type { ClickHouseClient } from '@clickhouse/client';
import { lateEventRow } from '@onegrid/store';
import { z } from 'zod';
import {
  type BufferedSinkOptions,
  type Codec,
  clickHouseSink,
  type Decoded,
  type LateEvent,
  type Sink,
} from '../src/index.ts';

export const meterReadingSchema = z.object({
  meter_id: z.string().min(1).max(64),
  household_id: z.string().min(1).max(64),
  kind: z.enum(['water', 'electricity']),
  ts: z.iso.datetime({ offset: true }),
  reading: z.number().min(0),
  unit: z.enum(['m3', 'kWh']),
  reset: z.boolean().optional(),
});

export type MeterReading = z.output<typeof meterReadingSchema>;

const digits = (ts: string, at: number, count: number): number => {
  let value = 0;
  for (let i = at; i < at + count; i++) value = value * 10 + ts.charCodeAt(i) - 48;
  return value;
};

/**
 * Event time of a `ts` the schema accepted, read by position as onegrid's contracts read it
 * (`toEpochMs` of @onegrid/contracts, which the runtime's benches may not import): `Date.parse`
 * cost the runtime bench 8 % of its busy time, a cost no onegrid processor pays. The layout the
 * benches write (`2026-09-14T00:00:00.000+00:00`) is read by hand; any other by `Date.parse`.
 */
export function toEpochMs(ts: string): number {
  // As @onegrid/contracts': the last time read is kept (a batch's readings share quarter-hours).
  if (ts === lastTs) return lastMs;
  const ms = readEpochMs(ts);
  lastTs = ts;
  lastMs = ms;
  return ms;
}

let lastTs = '';
let lastMs = Number.NaN;

function readEpochMs(ts: string): number {
  if (ts.length !== 29 || ts.charCodeAt(19) !== 46 || ts.charCodeAt(26) !== 58) return Date.parse(ts);
  const sign = ts.charCodeAt(23) === 45 ? -1 : 1;
  const offsetMs = sign * (digits(ts, 24, 2) * 60 + digits(ts, 27, 2)) * 60_000;
  const utc = Date.UTC(
    digits(ts, 0, 4),
    digits(ts, 5, 2) - 1,
    digits(ts, 8, 2),
    digits(ts, 11, 2),
    digits(ts, 14, 2),
    digits(ts, 17, 2),
    digits(ts, 20, 3),
  );
  return utc - offsetMs;
}

/** The schema's fields in its order: a parsed object with these keys in this order needs no copy. */
const ORDER = ['meter_id', 'household_id', 'kind', 'ts', 'reading', 'unit', 'reset'] as const;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const tsSchema = z.compile(meterReadingSchema.shape.ts);
/** The last `ts` text the schema's check accepted: a topic's readings mostly share quarter-hours. */
let acceptedTs = '';

/**
 * `meterReadingSchema`'s answer for a parsed message it accepts, without zod, as
 * `quickMeterReading` of @onegrid/contracts is for onegrid's meter topic: the parsed object as it
 * is when its keys are the schema's in the schema's order (as the benches write them) and every
 * field passes; undefined otherwise, and the caller asks zod (which copies, reorders, strips and
 * words the reason). It only ever says yes to what the schema says yes to
 * (`src/bench-codec.test.ts` compares both on valid and hostile messages).
 */
export function quickReading(json: unknown): MeterReading | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const m = json as Record<string, unknown>;
  let i = 0;
  for (const key in m) if (key !== ORDER[i++]) return undefined;
  const { meter_id, household_id, kind, ts, reading, unit, reset } = m;
  if (!isId(meter_id) || !isId(household_id)) return undefined;
  if (kind !== 'water' && kind !== 'electricity') return undefined;
  if (unit !== 'm3' && unit !== 'kWh') return undefined;
  if (typeof reading !== 'number' || !Number.isFinite(reading) || !(reading >= 0)) return undefined;
  if (reset !== undefined && typeof reset !== 'boolean') return undefined;
  if (typeof ts !== 'string') return undefined;
  if (ts !== acceptedTs) {
    if (!tsSchema.safeParse(ts).success) return undefined;
    acceptedTs = ts;
  }
  return m as MeterReading;
}

/**
 * As @onegrid/contracts reads bytes: invalid UTF-8 refused, not read as U+FFFD (which
 * `Buffer.toString` gives, making a valid id of bytes that are not one).
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const benchCodec: Codec = {
  decoder<S extends z.ZodType>(schema: S) {
    const compiled: z.ZodType = z.compile(schema);
    const quick = (schema as z.ZodType) === meterReadingSchema ? quickReading : undefined;
    return (value: string | Uint8Array | null): Decoded<z.output<S>> => {
      if (value === null) return { ok: false, error: { code: 'empty', reason: 'no value' } };
      let text: string;
      try {
        text = typeof value === 'string' ? value : utf8.decode(value);
      } catch {
        return { ok: false, error: { code: 'malformed_json', reason: 'not UTF-8' } };
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { ok: false, error: { code: 'malformed_json', reason: 'not JSON' } };
      }
      const reading = quick?.(json);
      if (reading !== undefined) return { ok: true, value: reading as z.output<S> };
      const result = compiled.safeParse(json);
      return result.success
        ? { ok: true, value: result.data as z.output<S> }
        : { ok: false, error: { code: 'invalid', reason: result.error.message } };
    };
  },
  deadLetterTopic: (topic) => `${topic}.dlq`,
};

/** The runtime's late events into the late_events table, as onegrid's processors store them. */
export function lateEventsTable(
  client: ClickHouseClient,
  options: Omit<BufferedSinkOptions, 'name'>,
): Sink<LateEvent> {
  const table = clickHouseSink<ReturnType<typeof lateEventRow>>(client, 'late_events', options);
  return {
    name: table.name,
    write: (rows, provenance) => table.write(rows.map(lateEventRow), provenance),
    flush: () => table.flush(),
    pending: () => table.pending(),
    close: () => table.close(),
  };
}
