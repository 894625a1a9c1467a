/**
 * A shared small generation for the unit tests, parsed once per test file: readings per meter in
 * stamp order, the truth, and the households. Not part of the package's API.
 */
import { TOPICS } from '@onegrid/contracts';
import type { GeneratorConfigInput } from './config.ts';
import { createGeneration, type Generation } from './generate.ts';
import type { StreamRecord } from './record.ts';
import { collectTruth, type TruthEntry } from './truth.ts';

export interface Reading {
  meter: string;
  household: string;
  kind: 'water' | 'electricity';
  t: number;
  reading: number;
  reset: boolean;
  arrival: number;
}

export interface Fixture {
  generation: Generation;
  records: StreamRecord[];
  truth: TruthEntry[];
  /** Valid original readings (no duplicates) per meter, by stamp. */
  byMeter: Map<string, Reading[]>;
}

export function makeFixture(options: GeneratorConfigInput): Fixture {
  const truth = collectTruth();
  const generation = createGeneration(options, truth);
  const records = [...generation.records()];
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
  return { generation, records, truth: truth.entries, byMeter };
}

/** Usage between consecutive readings (resets start over), with the later reading's stamp. */
export function usages(readings: readonly Reading[]): { t: number; use: number }[] {
  const out: { t: number; use: number }[] = [];
  for (let i = 1; i < readings.length; i++) {
    const r = readings[i] as Reading;
    out.push({ t: r.t, use: r.reset ? r.reading : r.reading - (readings[i - 1] as Reading).reading });
  }
  return out;
}
