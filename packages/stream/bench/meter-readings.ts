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

export const toEpochMs = (ts: string): number => Date.parse(ts);

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
