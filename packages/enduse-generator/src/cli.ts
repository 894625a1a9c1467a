#!/usr/bin/env node
import { parseArgs } from 'node:util';
/**
 * Publishes the external generator's feed to Kafka: runs the Python models (or reads their
 * cached output), then the household registry and the meter readings in arrival order, on a
 * scaled clock or as fast as the broker takes them, with the truth written beside. The flags
 * are packages/households' so a script can swap the generators.
 *
 *   node packages/enduse-generator/src/cli.ts --seed 1 --households 2000 --days 7 --warmup-days 14 --truth-dir DIR
 *   node packages/enduse-generator/src/cli.ts --dry-run --as-fast-as-possible --households 50 --days 3
 *
 * Brokers come from KAFKA_BROKERS (default 127.0.0.1:9092).
 */
import { numberFlag, truthOutput } from '@onegrid/feed-io';
import {
  configInputFromFlags,
  generatorFlagOptions,
  publishGeneration,
  replayFromFlags,
} from '@onegrid/households';
import { createLogger } from '@onegrid/logging';
import { parseEnduseConfig } from './config.ts';
import { createGeneration } from './generate.ts';
import type { EnduseTruthEntry } from './truth.ts';
import { cacheDir, loadUsage } from './usage.ts';

const HELP = `usage: node packages/enduse-generator/src/cli.ts [options]
  --seed S               seed (default 1)
  --households N         households (default 2000, at most 20000)
  --days D               scored days (default 21)
  --hours H              the same in hours, a multiple of 24 (the simulator's flag)
  --warmup-days D        days of ordinary life streamed before them (default 0)
  --id-base N            household numbers start after N (default 60000000: HH-60000001…)
  --start ISO            start of the scored days, a +08:00 midnight (default 2026-11-02T00:00:00+08:00)
  --speedup X            replay at X times real time (default 2016) or
  --as-fast-as-possible  as fast as the broker takes it
  --dry-run              generate and count only, no Kafka
  --truth-dir DIR        write truth.jsonl and summary.json there
  --batch-size N         records per Kafka batch (default 5000)
  --workers N            Python worker processes (default: all cores)
  --plant K=N[,K=N]      conditions per 10k households (incident travel waterRunning meterSilent
                         lateBatch replacement clockSkew)`;

const { values } = parseArgs({
  options: { ...generatorFlagOptions, workers: { type: 'string' } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const config = parseEnduseConfig(configInputFromFlags(values));
const { speedup, batchSize } = replayFromFlags(values);
const workers = numberFlag('workers', values.workers);
const logger = createLogger('enduse');

console.log(`models for seed ${config.seed}, ${config.households} households: ${cacheDir(config)}`);
const usage = await loadUsage(config, {
  ...(workers !== undefined ? { workers } : {}),
  onProgress: (l) => console.log(l),
});
console.log(
  `models: ${JSON.stringify(usage.meta.models)}; simulated in ${usage.meta.seconds} s (0 if cached before)`,
);

const truth = truthOutput<EnduseTruthEntry>(values['truth-dir'], ['scenario', 'counts']);
const generation = createGeneration(config, usage, truth);
await publishGeneration(generation, truth, {
  name: 'enduse',
  speedup,
  batchSize,
  dryRun: values['dry-run'],
  logger,
  print: (line) => console.log(line),
});
