import type { MeterReading } from '@onegrid/contracts';
import { tsvEpochMs, tsvString } from '../sinks/tab-separated.ts';

/** A `meter_readings` row, its time as epoch ms (the event time the runtime parsed once). */
export interface MeterRow {
  readonly meter_id: string;
  readonly household_id: string;
  readonly kind: MeterReading['kind'];
  readonly ts: number;
  readonly reading: number;
  readonly reset: boolean;
}

/**
 * A meter reading's raw row with its time as epoch ms, the event time the runtime parsed once:
 * parsing the ISO text again (best_effort) cost the engine more than any other column of the
 * chain's biggest table (issue 17). Same columns as `meterReadingRow`.
 */
export const meterRowAt = (m: MeterReading, eventTime: number): MeterRow => ({
  meter_id: m.meter_id,
  household_id: m.household_id,
  kind: m.kind,
  ts: eventTime,
  reading: m.reading,
  reset: m.reset === true,
});

const HEADER = 'meter_id\thousehold_id\tkind\tts\treading\treset\n';

/**
 * A block of raw meter rows as `TabSeparatedWithNames` (the names line, then a line per row):
 * the chain's biggest table, written without a JSON text per row (issue 17). `kind` is one of
 * the contract's two names; `reading` a finite number the contract checked.
 */
export function meterRowsTsv(rows: readonly MeterRow[]): { format: string; body: string } {
  let body = HEADER;
  for (const r of rows)
    body += `${tsvString(r.meter_id)}\t${tsvString(r.household_id)}\t${r.kind}\t${tsvEpochMs(r.ts)}\t${r.reading}\t${r.reset ? 'true' : 'false'}\n`;
  return { format: 'TabSeparatedWithNames', body };
}
