#!/usr/bin/env node
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
/**
 * Producer CLI: builds the scenario, publishes the registries to their compacted topics, then
 * replays the events into Kafka on a scaled clock (or as fast as the broker takes them), and
 * writes the truth beside it.
 *
 *   node packages/simulator/src/cli.ts --households 10000 --hours 48 --speedup 288 --seed 42
 *   node packages/simulator/src/cli.ts --as-fast-as-possible --truth-dir /tmp/truth
 *   node packages/simulator/src/cli.ts --dry-run            # only generate and count
 *
 * Brokers come from KAFKA_BROKERS (default 127.0.0.1:9092).
 */
import { isoCstSeconds } from '@onegrid/contracts';
import { numberFlag, openPublishTarget, plantRates, topicCountLines, truthOutput } from '@onegrid/feed-io';
import { createLogger } from '@onegrid/logging';
import type { ScenarioConfigInput } from './config.ts';
import { type ReplayProgress, replay } from './replay.ts';
import { createScenario } from './scenario.ts';
import type { TruthEntry } from './truth/truth.ts';
import { waitForFile } from './wait-for-file.ts';

const HELP = `usage: node packages/simulator/src/cli.ts [options]
  --households N         households in the city (default 100000)
  --hours H              length of the main window (default 48)
  --seed S               seed (default 42)
  --start ISO            start of the main window (default 2026-09-13T00:00:00+08:00)
  --warmup-days D        days of calm history streamed before it (default 0)
  --landfall-hour H      landfall, hours after start (default 26)
  --speedup X            replay at X times real time (default 288: 48 h in 10 min)
  --as-fast-as-possible  replay as fast as the broker takes it
  --dry-run              generate and count only, no Kafka
  --truth-dir DIR        write truth.jsonl and summary.json there
  --batch-size N         records per Kafka batch (default 5000)
  --plant K=N[,K=N]      conditions per 10k households, e.g. incident=40,waterRunning=10
  --sensor-faults K=V[,K=V]  planted sensor faults (off by default), e.g. gaugeGlitches=3,stuckGauges=2,
                         silentGauges=1,stationGlitches=4,stuckStations=1,silentStations=1,
                         weatherDown=mid_storm,silentMeterPartition=2
  --streams K=B[,K=B]    turn streams off, e.g. meters=false,tickets=false
  --events-after FILE    publish the registries, print "registries published", then wait until
                         FILE exists before the events (the soak starts its processes between)
  --events-after-max-s S how long --events-after waits for FILE before it fails (default 1800)`;

const { values } = parseArgs({
  options: {
    households: { type: 'string' },
    hours: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    'warmup-days': { type: 'string' },
    'landfall-hour': { type: 'string' },
    speedup: { type: 'string', default: '288' },
    'as-fast-as-possible': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'truth-dir': { type: 'string' },
    'batch-size': { type: 'string', default: '5000' },
    plant: { type: 'string' },
    'sensor-faults': { type: 'string' },
    streams: { type: 'string' },
    'events-after': { type: 'string' },
    'events-after-max-s': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** `a=1,b=mid_storm,c=false` → { a: 1, b: 'mid_storm', c: false } (the config validates names and values). */
function options(text: string): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const pair of text.split(',')) {
    const [key = '', value = ''] = pair.split('=').map((x) => x.trim());
    out[key] =
      value === 'true'
        ? true
        : value === 'false'
          ? false
          : value !== '' && Number.isFinite(Number(value))
            ? Number(value)
            : value;
  }
  return out;
}

const logger = createLogger('simulator');
const input: ScenarioConfigInput = {
  households: numberFlag('households', values.households),
  hours: numberFlag('hours', values.hours),
  seed: numberFlag('seed', values.seed),
  start: values.start,
  warmupDays: numberFlag('warmup-days', values['warmup-days']),
  landfallHour: numberFlag('landfall-hour', values['landfall-hour']),
  ...(values.plant !== undefined ? { plant: plantRates(values.plant) } : {}),
  ...(values['sensor-faults'] !== undefined
    ? { sensorFaults: options(values['sensor-faults']) as ScenarioConfigInput['sensorFaults'] }
    : {}),
  ...(values.streams !== undefined
    ? { streams: options(values.streams) as ScenarioConfigInput['streams'] }
    : {}),
};
const speedup = values['as-fast-as-possible'] ? null : (numberFlag('speedup', values.speedup) ?? 288);
const batchSize = numberFlag('batch-size', values['batch-size']) ?? 5000;

const eventsAfter = values['events-after'];
// Half an hour: the soak's processes start and get ready in minutes on two busy cores.
const eventsAfterMaxMs = (numberFlag('events-after-max-s', values['events-after-max-s']) ?? 1_800) * 1_000;
async function eventsGo(file: string): Promise<void> {
  console.log(`registries published; events once ${file} exists`);
  await waitForFile(file, { maxMs: eventsAfterMaxMs });
  console.log('events: starting');
}

const truth = truthOutput<TruthEntry>(values['truth-dir'], ['scenario', 'evacuation', 'counts']);
const scenario = createScenario(input, truth);
const c = scenario.config;
console.log(
  `scenario seed ${c.seed}: ${c.households} households, ${isoCstSeconds(scenario.streamStart)} → ${isoCstSeconds(scenario.end)}, landfall ${isoCstSeconds(scenario.landfall)}, ${speedup === null ? 'as fast as possible' : `×${speedup}`}${values['dry-run'] ? ', dry run' : ''}`,
);

const { publisher, sink: records } = await openPublishTarget(values['dry-run'], logger, 'onegrid-simulator');
if (publisher) console.log(`publishing to ${publisher.brokers.join(',')}`);

const progress = (p: ReplayProgress) => {
  const rate = p.elapsedMs > 0 ? Math.round((p.sent * 1000) / p.elapsedMs) : 0;
  console.log(
    `[${(p.elapsedMs / 1000).toFixed(1)}s] ${p.phase}: ${p.sent} records, scenario at ${isoCstSeconds(p.simulatedTime)}, ${rate} rec/s`,
  );
};

try {
  const result = await replay(
    scenario,
    records,
    { now: () => performance.now(), sleep: (ms) => sleep(ms) },
    {
      speedup,
      batchSize,
      progressEveryMs: 5000,
      onProgress: progress,
      ...(eventsAfter === undefined ? {} : { beforeEvents: () => eventsGo(eventsAfter) }),
    },
  );
  const counts = scenario.counts();
  console.log(
    `sent ${result.sent} records (${result.registry} registry, ${result.events} events) in ${(result.elapsedMs / 1000).toFixed(1)} s: ${Math.round(result.rate)} records/s`,
  );
  for (const line of topicCountLines(counts.topics)) console.log(line);
  const truthPath = truth.finish({ counts, replay: result });
  if (truthPath) console.log(`truth in ${truthPath}`);
} finally {
  await publisher?.close();
}
