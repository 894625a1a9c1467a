/** Meter readings parsed back out of a generation's records, for tests that check the feed. */
import { TOPICS } from '@onegrid/contracts';
import type { StreamRecord } from '../record.ts';

/** One valid meter reading as the feed stamped it, with when it arrived. */
export interface Reading {
  meter: string;
  household: string;
  kind: 'water' | 'electricity';
  t: number;
  reading: number;
  reset: boolean;
  arrival: number;
}

/**
 * The valid original meter readings (no faults, no duplicates) of `records`, per meter in stamp
 * order. For the tests of both generators (packages/enduse-generator's feed is this package's).
 */
export function readingsByMeter(records: readonly StreamRecord[]): Map<string, Reading[]> {
  const byMeter = new Map<string, Reading[]>();
  for (const r of records) {
    if (r.topic !== TOPICS.meterReadings || r.fault !== null || typeof r.value !== 'string') continue;
    const v = JSON.parse(r.value) as {
      meter_id: string;
      household_id: string;
      kind: 'water' | 'electricity';
      ts: string;
      reading: number;
      reset?: boolean;
    };
    const list = byMeter.get(v.meter_id) ?? [];
    list.push({
      meter: v.meter_id,
      household: v.household_id,
      kind: v.kind,
      t: Date.parse(v.ts),
      reading: v.reading,
      reset: v.reset === true,
      arrival: r.arrivalTime,
    });
    byMeter.set(v.meter_id, list);
  }
  for (const list of byMeter.values()) list.sort((a, b) => a.t - b.t);
  return byMeter;
}
