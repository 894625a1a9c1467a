#!/usr/bin/env node
import { parseArgs } from 'node:util';
/**
 * Publishes a generation to Kafka: the household registry, then the meter readings in arrival
 * order on a scaled clock (or as fast as the broker takes them), with the truth written beside.
 *
 *   node packages/households/src/cli.ts --seed 1 --households 2000 --days 21 --truth-dir DIR
 *   node packages/households/src/cli.ts --as-fast-as-possible --dry-run     # generate and count only
 *
 * Brokers come from KAFKA_BROKERS (default 127.0.0.1:9092).
 */
import { truthOutput } from '@onegrid/feed-io';
import { createLogger } from '@onegrid/logging';
import { configInputFromFlags, generatorFlagOptions, replayFromFlags } from './cli-flags.ts';
import { createGeneration } from './generate.ts';
import { publishGeneration } from './publish-generation.ts';
import type { TruthEntry } from './truth.ts';

const HELP = `usage: node packages/households/src/cli.ts [options]
  --seed S               seed (default 1)
  --households N         households (default 2000, at most 100000)
  --days D               scored days (default 21)
  --hours H              the same in hours, a multiple of 24 (the simulator's flag)
  --warmup-days D        days of ordinary life streamed before them (default 0)
  --id-base N            household numbers start after N (default 50000000: HH-50000001…)
  --start ISO            start of the scored days, a +08:00 midnight (default 2026-11-02T00:00:00+08:00)
  --speedup X            replay at X times real time (default 2016: three weeks in 15 min)
  --as-fast-as-possible  replay as fast as the broker takes it
  --dry-run              generate and count only, no Kafka
  --truth-dir DIR        write truth.jsonl and summary.json there
  --batch-size N         records per Kafka batch (default 5000)
  --plant K=N[,K=N]      conditions per 10k households, e.g. incident=200,waterRunning=50
                         (keys: incident travel waterRunning meterSilent lateBatch replacement clockSkew)`;

const { values } = parseArgs({ options: generatorFlagOptions });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const input = configInputFromFlags(values);
const { speedup, batchSize } = replayFromFlags(values);
const logger = createLogger('households');

const truth = truthOutput<TruthEntry>(values['truth-dir'], ['scenario', 'counts']);
const generation = createGeneration(input, truth);
await publishGeneration(generation, truth, {
  name: 'households',
  speedup,
  batchSize,
  dryRun: values['dry-run'],
  logger,
  print: (line) => console.log(line),
});
