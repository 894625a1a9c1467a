/**
 * A small generation for the unit tests: the Python models run once per fixture into a fresh
 * cache directory (so the tests exercise them, not a cache left by an earlier run), then the
 * feed, parsed into readings per meter in stamp order. Not part of the package's API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Reading, readingsByMeter, type StreamRecord } from '@onegrid/households';
import { type EnduseConfig, type EnduseConfigInput, parseEnduseConfig } from './config.ts';
import { createGeneration, type EnduseGeneration } from './generate.ts';
import type { EnduseTruthEntry } from './truth.ts';
import { loadUsage, type Usage } from './usage.ts';

export interface Fixture {
  config: EnduseConfig;
  usage: Usage;
  generation: EnduseGeneration;
  records: StreamRecord[];
  truth: EnduseTruthEntry[];
  /** Valid original readings (no duplicates) per meter, by stamp. */
  byMeter: Map<string, Reading[]>;
}

/** Runs the models for `options` (in a fresh cache dir) and the feed. */
export async function makeFixture(options: EnduseConfigInput): Promise<Fixture> {
  const cache = mkdtempSync(path.join(tmpdir(), 'onegrid-enduse-'));
  process.env.ONEGRID_ENDUSE_CACHE = cache;
  const config = parseEnduseConfig(options);
  const usage = await loadUsage(config, { workers: 2 }).finally(() =>
    rmSync(cache, { recursive: true, force: true }),
  );
  const truth: EnduseTruthEntry[] = [];
  const generation = createGeneration(config, usage, { write: (e) => truth.push(e) });
  const records = [...generation.records()];
  return { config, usage, generation, records, truth, byMeter: readingsByMeter(records) };
}

/** Use per stream day (from the model output) of household `h`: litres or watt-hours. */
export function dailyUse(usage: Usage, which: 'water' | 'power', h: number): number[] {
  const q = usage.meta.quarters;
  const values = usage[which].subarray(h * q, (h + 1) * q);
  const days: number[] = [];
  for (let d = 0; d < q / 96; d++)
    days.push(values.subarray(d * 96, (d + 1) * 96).reduce((s, x) => s + x, 0));
  return days;
}
