// The benches' input: meter readings shaped as onegrid's (STREAMS.md), with a schema and codec
// of their own. The runtime knows no city, so neither do its benches: @onegrid/contracts'
// codec (processors' path) decodes the same way (JSON.parse, then a compiled zod schema), and
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

export const benchCodec: Codec = {
  decoder<S extends z.ZodType>(schema: S) {
    const compiled: z.ZodType = z.compile(schema);
    return (value: string | Uint8Array | null): Decoded<z.output<S>> => {
      if (value === null) return { ok: false, error: { code: 'empty', reason: 'no value' } };
      let json: unknown;
      try {
        json = JSON.parse(typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
      } catch {
        return { ok: false, error: { code: 'malformed_json', reason: 'not JSON' } };
      }
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
