import { METER_UNITS, type MeterReading } from './meter-readings.ts';
import { timestamp } from './time.ts';

/**
 * The meter reading's fields in the schema's order: an object with any other key goes to the
 * schema (which drops it); one with these in this order is the schema's answer as it is.
 */
const ORDER = ['meter_id', 'household_id', 'kind', 'ts', 'reading', 'unit', 'reset'] as const;
const KNOWN: ReadonlySet<string> = new Set(ORDER);
const MAX_ID = 128;

/** The last time text the schema accepted: a topic's readings mostly share their quarter-hour. */
let acceptedTs = '';

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID;

/**
 * `meterReadingSchema`'s answer for a parsed message it accepts, without zod: the meter topic
 * is the chain's biggest, and the compiled schema was its decode's largest cost after
 * `JSON.parse` (issue 17). Undefined for anything else, which the schema then decodes (and
 * words the reason for): this check only ever says yes to what the schema says yes to, giving
 * the same object, fields in the schema's order (decoders-meter.test.ts compares both on valid and
 * hostile messages). Times go through the schema's own `timestamp`, each distinct text once.
 */
export function quickMeterReading(json: unknown): MeterReading | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const m = json as Record<string, unknown>;
  // Keys in the schema's order (as every producer writes them): the parsed object is returned as
  // it is, not copied (issue 17: an object less per reading).
  let inOrder = true;
  let i = 0;
  for (const key in m) {
    if (key !== ORDER[i]) {
      if (!KNOWN.has(key)) return undefined;
      inOrder = false;
    }
    i++;
  }
  const { meter_id, household_id, kind, ts, reading, unit, reset } = m;
  if (!isId(meter_id) || !isId(household_id)) return undefined;
  if (kind !== 'water' && kind !== 'electricity') return undefined;
  const unitOfKind = METER_UNITS[kind];
  if (unit !== unitOfKind) return undefined;
  if (typeof reading !== 'number' || !Number.isFinite(reading) || !(reading >= 0)) return undefined;
  if (reset !== undefined && typeof reset !== 'boolean') return undefined;
  if (typeof ts !== 'string') return undefined;
  if (ts !== acceptedTs) {
    if (!timestamp.safeParse(ts).success) return undefined;
    acceptedTs = ts;
  }
  if (inOrder) return m as MeterReading;
  return reset === undefined
    ? { meter_id, household_id, kind, ts, reading, unit: unitOfKind }
    : { meter_id, household_id, kind, ts, reading, unit: unitOfKind, reset };
}
