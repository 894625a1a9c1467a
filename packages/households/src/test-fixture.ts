/**
 * A shared small generation for the unit tests, parsed once per test file: readings per meter in
 * stamp order, the truth, and the households. Not part of the package's API.
 */
import type { GeneratorConfigInput } from './config.ts';
import { type Reading, readingsByMeter } from './feed/by-meter.ts';
import { createGeneration, type Generation } from './generate.ts';
import type { StreamRecord } from './record.ts';
import { collectTruth, type TruthEntry } from './truth.ts';

export type { Reading };

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
  return { generation, records, truth: truth.entries, byMeter: readingsByMeter(records) };
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
