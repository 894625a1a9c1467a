// The whole pipeline on a simulated scenario, for the scoring script and the end-to-end tests:
// empties the contract's topics, starts every processor in this process on a fresh store,
// replays the simulator CLI into Kafka, waits until the processors have read everything, and
// stops them (which flushes every sink) so the store can be read.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KafkaClient as Kafka, KafkaConfig } from '@onegrid/kafka';
import { declareTopics, loadKafkaConfig, provisionTopics } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import {
  type ProcessorStatus,
  processorCatalogue,
  type RunningProcessors,
  startProcessors,
} from '@onegrid/processors';
import type { Store } from '@onegrid/store';
import { parseMark, streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { waitUntil } from './wait-until.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ScenarioOptions {
  readonly households: number;
  readonly hours: number;
  readonly warmupDays: number;
  readonly seed: number;
  readonly truthDir: string;
  /** Extra CLI flags for the generator (e.g. `--landfall-hour`). */
  readonly extraArgs?: readonly string[];
  /**
   * Which generator feeds it: packages/simulator (default), packages/households or the external
   * packages/enduse-generator (both: `hours` whole days).
   */
  readonly generator?: 'simulator' | 'households' | 'enduse';
  /**
   * Replay at this many times real time, as the demo does, instead of as fast as the broker
   * takes it: for a test that watches a screen move through the storm, not just its end.
   */
  readonly speedup?: number;
}

export interface PipelineRun {
  readonly truth: Record<string, unknown>[];
  readonly status: ProcessorStatus[];
  readonly metrics: Registry;
  /** Wall-clock seconds: replaying the scenario, then until the processors had read it all. */
  readonly seconds: { replay: number; drain: number };
}

/**
 * Empties every topic onegrid reads or writes (deleting records, not topics: compacted
 * registries keep their latest records, which a replay of the same city overwrites alike).
 * Never point this at a production broker.
 */
export async function emptyTopics(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const config = loadKafkaConfig();
    const declarations = declareTopics(config);
    await provisionTopics(admin, declarations, config.ONEGRID_TOPIC_REPLICATION);
    for (const d of declarations.filter((d) => d.cleanup === 'delete')) {
      const offsets = await admin.topicOffsets(d.topic);
      const partitions = offsets
        .filter((p) => p.high > p.low)
        .map((p) => ({ partition: p.partition, offset: p.high }));
      if (partitions.length > 0) await admin.deleteRecords(d.topic, partitions);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Runs the simulator CLI into Kafka as a user would, writing the truth to `truthDir`. */
export async function replayScenario(options: ScenarioOptions, brokers: string): Promise<void> {
  const households = options.generator === 'households' || options.generator === 'enduse';
  const cli = {
    simulator: 'packages/simulator/src/cli.ts',
    households: 'packages/households/src/cli.ts',
    enduse: 'packages/enduse-generator/src/cli.ts',
  }[options.generator ?? 'simulator'];
  const args = [
    path.join(ROOT, cli),
    '--households',
    String(options.households),
    ...(households ? ['--days', String(Math.ceil(options.hours / 24))] : ['--hours', String(options.hours)]),
    '--warmup-days',
    String(options.warmupDays),
    '--seed',
    String(options.seed),
    ...(options.speedup === undefined ? ['--as-fast-as-possible'] : ['--speedup', String(options.speedup)]),
    '--truth-dir',
    options.truthDir,
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${options.generator ?? 'simulator'} exited with ${code}: ${stderr}`);
}

export async function readTruth(truthDir: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path.join(truthDir, 'truth.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Waits until every processor has read all it was given, the same across two looks. A partition
 * that never received a message reports no lag; it counts as read when the topic holds nothing there.
 */
async function drained(
  kafka: Kafka,
  processors: RunningProcessors,
  groupPrefix: string,
  deadlineMs: number,
  quietMs: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const empty = async (topic: string, partition: number) => {
    const offsets = await admin.topicOffsets(topic);
    const p = offsets.find((o) => o.partition === partition);
    return p !== undefined && p.high === p.low;
  };
  // Read is not done: a processor commits once its sinks hold what it processed. Done is every
  // group's commit covering the end of every partition that holds records: the offset, or for a
  // stateful operator (whose offset stays at the oldest input it still needs) the commit's mark.
  const behind = async (): Promise<number> => {
    let missing = 0;
    for (const s of processors.status()) {
      const committed = await admin.groupOffsets(`${groupPrefix}${s.name}`, s.topic);
      for (const end of await admin.topicOffsets(s.topic)) {
        if (end.high === end.low) continue;
        const c = committed.find((x) => x.partition === end.partition);
        const through = Math.max(
          c?.offset ?? -1,
          (parseMark(c?.metadata ?? null)?.processedThrough ?? -2) + 1,
        );
        missing += Math.max(0, end.high - Math.max(through, end.low));
      }
    }
    return missing;
  };
  let previous = '';
  let quietSince = performance.now();
  try {
    await waitUntil(
      async () => {
        const status = processors.status();
        // A held message (an id its registry does not hold yet) is not done until released or dead-lettered.
        let idle = status.every((s) => s.partitions.length > 0 && s.held === 0);
        for (const s of status) {
          for (const p of s.partitions) {
            if (p.lag === 0) continue;
            if (p.lag === Number.POSITIVE_INFINITY && (await empty(s.topic, p.partition))) continue;
            idle = false;
          }
        }
        const signature = JSON.stringify(status.map((s) => s.processed));
        if (!idle || signature !== previous) {
          previous = idle ? signature : '';
          quietSince = performance.now();
          return undefined;
        }
        // Detectors with clocks per source partition act once a silent source passes its idle
        // bound, and their outputs are read back by the output archives: wait until nothing
        // has moved for longer than that.
        if (performance.now() - quietSince < quietMs) return undefined;
        return (await behind()) === 0 ? true : undefined;
      },
      {
        deadlineMs,
        intervalMs: 1_500,
        describe: () =>
          JSON.stringify(
            processors.status().map((s) => ({ name: s.name, lag: s.lag, processed: s.processed })),
          ),
      },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Replays a scenario through Kafka and every processor into `store`. Processors start first,
 * as in production, so they meet registries and events as they arrive.
 */
export async function runPipeline(
  kafka: Kafka,
  brokers: string,
  store: Store,
  scenario: ScenarioOptions,
  logger: Logger,
  options: {
    drainDeadlineMs?: number;
    baselines?: boolean;
    sourceIdleMs?: number;
    /**
     * How often each processor flushes its sinks and commits (default 2 s, and sinks flush at
     * 20,000 rows or 500 ms): a long replay on a loaded machine spends much of its time on small
     * inserts, and batching them changes no output.
     */
    commitIntervalMs?: number;
    /** The utility processor in a worker thread (startProcessors' option; issue 17). */
    utilityWorker?: { kafka: KafkaConfig };
  } = {},
): Promise<PipelineRun> {
  await emptyTopics(kafka);
  const groupPrefix = `onegrid.score-${randomUUID().slice(0, 8)}.`;
  const metrics = new Registry();
  const processors = await startProcessors({
    kafka,
    clickhouse: store.client,
    logger,
    metrics: streamMetrics(metrics),
    catalogue: processorCatalogue({ baselines: options.baselines ?? false }),
    sink: { maxRows: 20_000, maxDelayMs: Math.max(500, options.commitIntervalMs ?? 0) },
    commitIntervalMs: options.commitIntervalMs ?? 2_000,
    sourceIdleMs: options.sourceIdleMs ?? 15_000,
    // The scenarios' registries come first: an unknown id is a planted fault, held briefly.
    hold: { graceMs: 3_000 },
    groupPrefix,
    ...(options.utilityWorker !== undefined ? { utilityWorker: options.utilityWorker } : {}),
  });
  let stopped = false;
  try {
    const t0 = performance.now();
    await replayScenario(scenario, brokers);
    const t1 = performance.now();
    await drained(
      kafka,
      processors,
      groupPrefix,
      options.drainDeadlineMs ?? 600_000,
      (options.sourceIdleMs ?? 15_000) + 5_000,
    );
    const t2 = performance.now();
    const status = processors.status();
    await processors.stop();
    stopped = true;
    return {
      truth: await readTruth(scenario.truthDir),
      status,
      metrics,
      seconds: { replay: (t1 - t0) / 1000, drain: (t2 - t1) / 1000 },
    };
  } finally {
    if (!stopped) await processors.stop();
    await deleteGroups(kafka, groupPrefix);
  }
}

/** A run's consumer groups are of no use after it: they would only pile up on the broker. */
async function deleteGroups(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).filter((g) => g.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups);
  } finally {
    await admin.disconnect();
  }
}
