// Benchmark (not a test): readings/s through the whole utility chain in ONE process (archive of
// city.sensor.meter-readings → re-key to onegrid.internal.meter-readings-by-household → utility
// detector → ClickHouse sinks on embedded chDB → commits), against raw consume + JSON.parse of
// the same topic with the same client, both measured in this run (issue 17).
//   node --expose-gc packages/processors/bench/pipeline-throughput.ts --households 10000 --hours 2
// Needs a broker of its own (KAFKA_BROKERS): it EMPTIES the contract's topics first.
// --worker: the utility processor in a worker thread (startProcessors' utilityWorker).
// With CLICKHOUSE_URL (e.g. `infra/clickhouse/chdb-server.sh url`) the sinks insert into that
// server, a process of its own as deployed, one new database per run; without it into embedded
// chDB, whose threads then count in this process's CPU. Each part's CPU is printed by thread.
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { TOPICS } from '@onegrid/contracts';
import {
  createKafka,
  declareTopics,
  loadKafkaConfig,
  provisionTopics,
  type TopicReader,
} from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore } from '@onegrid/store';
import { streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { threadCpu, threadCpuSince } from '../../stream/bench/thread-cpu.ts';
import { archiveProcessors, type ProcessorContext, startProcessors } from '../src/index.ts';
import { utilityProcessor } from '../src/utility/utility-processor.ts';
import { fillCity } from './fill-city.ts';

const { values: flags } = parseArgs({
  options: {
    households: { type: 'string', default: '10000' },
    hours: { type: 'string', default: '2' },
    // A CPU profile of the chain's run only (not the fill nor the baseline), for --cpu-prof's viewers.
    profile: { type: 'string' },
    // A sampling heap profile of the chain's run, counting the objects GC already collected too:
    // what the chain allocates (bytes by allocation site), not what it holds.
    'heap-profile': { type: 'string' },
    // With --heap-profile: count only objects that outlived a scavenge (promoted to the old
    // generation, whether a mark-compact collected them later or not): what the GC copies and marks.
    'heap-profile-promoted': { type: 'boolean', default: false },
    // The utility processor in a worker thread (startProcessors' utilityWorker).
    worker: { type: 'boolean', default: false },
    // Rows per sink block (startProcessors' sink.maxRows; the app's default 20,000).
    'sink-rows': { type: 'string', default: '20000' },
    // Milliseconds a sink block waits to fill (startProcessors' sink.maxDelayMs; the app's default 1,000).
    'sink-delay-ms': { type: 'string', default: '1000' },
  },
});
const HOUSEHOLDS = Number(flags.households);
const HOURS = Number(flags.hours);
const logger = createLogger('bench', 'error');
const config = loadKafkaConfig();
const kafka = createKafka(config, logger);
const gc = (globalThis as { gc?: () => void }).gc;
const heapAfterGc = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const loopUtilisation = nodePerformance.eventLoopUtilization.bind(nodePerformance);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Provisions the contract's topics and empties the ones this bench writes (never a shared broker). */
async function emptyTopics(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
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

/** Readings per wall-clock second and per CPU-second of this process (the machine is shared). */
interface Rate {
  readonly perSecond: number;
  readonly perCpuSecond: number;
  /** Per CPU-second of the main thread alone. */
  readonly perMainCpuSecond: number;
  /** Per CPU-second of the process less embedded chDB's threads (every thread but main, V8's, the profiler's). */
  readonly perCpuSecondNoEngine: number;
}

/** CPU-seconds of threads that are neither the main thread, V8's GC helpers nor the profiler's. */
const engineSeconds = (threads: [string, number][]) =>
  threads
    .filter(([name]) => name !== 'MainThread' && name !== 'V#Worker' && !name.startsWith('v#:'))
    .reduce((sum, [, seconds]) => sum + seconds, 0);

const mainSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.threadCpuUsage(since);
  return (used.user + used.system) / 1e6;
};

const threadLine = (part: string, threads: [string, number][]) =>
  `${part}: CPU-s by thread: ${threads
    .slice(0, 8)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(2)}`)
    .join(', ')}`;

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

async function baseline(total: number): Promise<Rate> {
  let seen = 0;
  let cpu = process.cpuUsage();
  let main = process.threadCpuUsage();
  let threadsBefore = threadCpu();
  let checksum = 0;
  let started = 0;
  let reader: TopicReader | undefined;
  await new Promise<void>((resolve, reject) => {
    kafka
      .read({
        groupId: `bench-baseline-${process.pid}-${Date.now()}`,
        topics: [TOPICS.meterReadings],
        deleteGroupOnStop: true,
        onBatch: async (batch) => {
          if (started === 0) {
            started = performance.now();
            cpu = process.cpuUsage();
            main = process.threadCpuUsage();
            threadsBefore = threadCpu();
          }
          for (const record of batch.records) {
            checksum += (JSON.parse(String(record.value)) as { reading: number }).reading;
          }
          seen += batch.records.length;
          if (seen >= total) resolve();
        },
      })
      .then((r) => {
        reader = r;
      }, reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds(cpu);
  const mainUsed = mainSeconds(main);
  const threads = threadCpuSince(threadsBefore);
  await reader?.stop();
  if (checksum <= 0) throw new Error('baseline parsed nothing');
  console.log(threadLine('baseline', threads));
  return {
    perSecond: seen / seconds,
    perCpuSecond: seen / cpuUsed,
    perMainCpuSecond: seen / mainUsed,
    perCpuSecondNoEngine: seen / (cpuUsed - engineSeconds(threads)),
  };
}

interface ChainResult extends Rate {
  readonly archiveSeconds: number;
  readonly seconds: number;
  readonly withFlush: number;
  readonly stateBytes: number;
  readonly rss: number;
  readonly hoursStored: number;
  readonly flushes: string;
  /** Event-loop utilisation of the main thread over the chain's run. */
  readonly busy: number;
  /** CPU-seconds of the process per second of the run: the cores it kept busy. */
  readonly cores: number;
}

/**
 * The processors' metrics (a utility worker's relayed to them): the sinks' flush seconds say
 * where the chain waits.
 */
const metricsRegistry = new Registry();

/** Seconds spent flushing per sink (sum over flushes, count), from the histogram. */
async function sinkFlushSeconds(): Promise<string> {
  const metric = await metricsRegistry.getSingleMetric('onegrid_sink_flush_seconds')?.get();
  const sums = new Map<string, { sum: number; count: number }>();
  for (const v of (metric?.values ?? []) as {
    labels: Record<string, unknown>;
    value: number;
    metricName?: string;
  }[]) {
    const sink = String(v.labels.sink);
    const entry = sums.get(sink) ?? { sum: 0, count: 0 };
    if (v.metricName?.endsWith('_sum')) entry.sum += v.value;
    if (v.metricName?.endsWith('_count')) entry.count += v.value;
    sums.set(sink, entry);
  }
  return [...sums].map(([sink, { sum, count }]) => `${sink} ${sum.toFixed(1)} s in ${count}`).join('; ');
}

async function chain(total: number): Promise<ChainResult> {
  const store = await openStore(
    loadStoreConfig({
      ONEGRID_CHDB_PATH: await mkdtemp(path.join(tmpdir(), 'bench-chain-')),
      // The store's chDB connections (1: every insert behind the others, as before issue 17's fifth pass).
      ONEGRID_CHDB_CONNECTIONS: process.env.ONEGRID_CHDB_CONNECTIONS,
      CLICKHOUSE_URL: process.env.CLICKHOUSE_URL,
      CLICKHOUSE_DATABASE: `bench_${randomUUID().slice(0, 8)}`,
    }),
  );
  await migrate(store.client);
  let heapBefore = 0;
  const processors = await startProcessors({
    kafka,
    clickhouse: store.client,
    logger,
    metrics: streamMetrics(metricsRegistry),
    // The registries are loaded when the catalogue is asked for: the heap then holds everything
    // but the processors' own state.
    catalogue: async (ctx: ProcessorContext) => {
      heapBefore = heapAfterGc();
      const archive = archiveProcessors(ctx).filter((d) => d.name === `archive.${TOPICS.meterReadings}`);
      return [...archive, utilityProcessor(ctx)] as never;
    },
    groupPrefix: `bench-chain-${process.pid}-${Date.now()}.`,
    sink: { maxRows: Number(flags['sink-rows']), maxDelayMs: Number(flags['sink-delay-ms']) },
    ...(flags.worker === true ? { utilityWorker: { kafka: config } } : {}),
  });
  const status = (name: string) => processors.status().find((s) => s.name === name);
  const archived = () => status(`archive.${TOPICS.meterReadings}`)?.processed ?? 0;
  const detected = () => status('utility-inactivity')?.processed ?? 0;
  // Timed from the archive's first batch: joining the group is not throughput.
  while (archived() === 0) await sleep(5);
  const profiler = flags.profile === undefined ? undefined : new Session();
  profiler?.connect();
  await profiler?.post('Profiler.enable');
  await profiler?.post('Profiler.start');
  const heapProfiler = flags['heap-profile'] === undefined ? undefined : new Session();
  heapProfiler?.connect();
  await heapProfiler?.post('HeapProfiler.enable');
  await heapProfiler?.post('HeapProfiler.startSampling', {
    samplingInterval: 32_768,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: flags['heap-profile-promoted'] !== true,
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const main = process.threadCpuUsage();
  const threadsBefore = threadCpu();
  const loop = loopUtilisation();
  const head = archived();
  let rss = 0;
  let archivedAt = 0;
  while (detected() < total) {
    if (archivedAt === 0 && archived() >= total) archivedAt = performance.now();
    for (const s of processors.status())
      if (s.failure !== undefined) throw new Error(`${s.name} failed: ${s.failure.message}`);
    rss = Math.max(rss, process.memoryUsage().rss);
    await sleep(20);
  }
  const read = performance.now();
  const cpuUsed = cpuSeconds(cpu);
  const mainUsed = mainSeconds(main);
  const threads = threadCpuSince(threadsBefore);
  console.log(threadLine('chain', threads));
  // The main thread's share of the interval not waiting for I/O: near 1, the chain is held by this
  // thread's CPU (or the share of it the machine gives); well under 1, by what it waits on.
  const busy = loopUtilisation(loop).utilization;
  if (profiler !== undefined && flags.profile !== undefined) {
    const { profile } = await profiler.post('Profiler.stop');
    await writeFile(flags.profile, JSON.stringify(profile));
    profiler.disconnect();
  }
  if (heapProfiler !== undefined && flags['heap-profile'] !== undefined) {
    const { profile } = await heapProfiler.post('HeapProfiler.stopSampling');
    await writeFile(flags['heap-profile'], JSON.stringify(profile));
    heapProfiler.disconnect();
  }
  if (archivedAt === 0) archivedAt = read;
  // The detector's state: the heap growth over the registries once everything is read and the
  // sinks' batches have gone (maxDelayMs 1 s), i.e. an upper bound (it counts kafkajs and sink
  // buffers too).
  await sleep(2_500);
  const stateBytes = heapAfterGc() - heapBefore;
  rss = Math.max(rss, process.memoryUsage().rss);
  const flushFrom = performance.now();
  await processors.stop();
  const flushed = performance.now() - flushFrom;
  const result = await store.client.query({
    query: 'SELECT count() AS n FROM household_usage_hourly FINAL',
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  await store.close();
  const seconds = (read - started) / 1000;
  return {
    perSecond: (total - head) / seconds,
    perCpuSecond: (total - head) / cpuUsed,
    perMainCpuSecond: (total - head) / mainUsed,
    perCpuSecondNoEngine: (total - head) / (cpuUsed - engineSeconds(threads)),
    archiveSeconds: (archivedAt - started) / 1000,
    seconds,
    withFlush: (total - head) / (seconds + flushed / 1000),
    stateBytes,
    rss,
    hoursStored: Number(row?.n ?? 0),
    flushes: await sinkFlushSeconds(),
    busy,
    cores: cpuUsed / seconds,
  };
}

await emptyTopics();
const filled = await fillCity(kafka, { households: HOUSEHOLDS, hours: HOURS });
console.log(
  `filled ${TOPICS.meterReadings}: ${HOUSEHOLDS.toLocaleString('en')} households × ${HOURS} h = ` +
    `${filled.readings.toLocaleString('en')} readings in ${filled.seconds.toFixed(1)} s`,
);
const base = await baseline(filled.readings);
const run = await chain(filled.readings);
const rate = (r: Rate) =>
  `${Math.round(r.perSecond).toLocaleString('en')} readings/s (${Math.round(r.perCpuSecond).toLocaleString('en')} per CPU-second)`;
const [load1] = (await import('node:os')).loadavg();
console.log(
  `baseline (${kafka.implementation} read + JSON.parse): ${rate(base)}\n` +
    `chain (archive, re-key, utility detector, chDB sinks, commits): ${rate(run)} ` +
    `(${Math.round(run.withFlush).toLocaleString('en')} with the final flush); ratio ${(run.perSecond / base.perSecond).toFixed(2)} (per CPU-second ${(run.perCpuSecond / base.perCpuSecond).toFixed(2)}, ` +
    `main thread ${(run.perMainCpuSecond / base.perMainCpuSecond).toFixed(2)}, without chDB's threads ${(run.perCpuSecondNoEngine / base.perCpuSecondNoEngine).toFixed(2)}); ` +
    `per main-thread CPU-s: baseline ${Math.round(base.perMainCpuSecond).toLocaleString('en')}, chain ${Math.round(run.perMainCpuSecond).toLocaleString('en')}; ` +
    `archive done after ${run.archiveSeconds.toFixed(1)} s, detector after ${run.seconds.toFixed(1)} s\n` +
    `household hours stored: ${run.hoursStored.toLocaleString('en')}; peak rss ${mib(run.rss)}; ` +
    (gc === undefined || flags.worker === true
      ? 'state size unmeasured (run with --expose-gc; with --worker the detector heap is in the worker)'
      : `heap held by the chain ${mib(run.stateBytes)} = ${Math.round(run.stateBytes / HOUSEHOLDS).toLocaleString('en')} bytes/household`) +
    `; load average ${load1?.toFixed(1)}\n` +
    `sink flushes (seconds in flushes, the worker's sinks included): ${run.flushes}\n` +
    `main thread busy ${(run.busy * 100).toFixed(0)} % of the run (event-loop utilisation); process CPU ${run.cores.toFixed(2)} cores`,
);
