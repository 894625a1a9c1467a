// Benchmark (not a test): events/s of a windowed aggregation over meter readings on the
// stream runtime, against a baseline that only consumes and JSON-parses the same messages
// with the same client (ONEGRID_KAFKA_CLIENT), both measured in this run on the same topic.
//   node packages/stream/bench/windowed-throughput.ts [messages=1000000] [--profile FILE]
// Rates are by the wall clock and per CPU-second of this process (the machine is shared: the
// wall clock moves with the load, CPU-seconds much less); --profile FILE writes a CPU profile of
// the runtime's last round (not the fill), and of the baselines' last rounds beside it
// (FILE.baseline.cpuprofile, FILE.decoded.cpuprofile); --heap-profile a sampling heap profile of
// the same (objects already collected counted too: bytes allocated by site, which GC pays for).
// Main-thread CPU-seconds are printed beside the process's (chDB's inserts run on threads of
// their own).
// --decoded-baseline adds a second baseline per round: raw consume plus the runtime's decode and
// validation of each message (the same codec, UTF-8 check and event time), so that the share of
// the gap that is validation shows apart from windows, sink and commits. The ratio the issue
// asks for stays the one against raw consume.
// --lean-baseline adds raw consume through the runtime's own group source (kafkajs's lean
// records, the runtime's fetch size) and JSON.parse: the runtime against raw consume on its
// own client path. BENCH_RUNTIME_CLIENT runs the runtime on another client (same baseline).
// Needs a broker (KAFKA_BROKERS, default 127.0.0.1:9092: `bash infra/kafka/kafka.sh start`).

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKafka, loadKafkaConfig, type TopicReader } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore } from '@onegrid/store';
import { Registry } from 'prom-client';
import {
  clickHouseSink,
  runProcessor,
  streamMetrics,
  tumblingWindows,
  WindowedAggregation,
} from '../src/index.ts';
import {
  benchCodec,
  lateEventsTable,
  type MeterReading,
  meterReadingSchema,
  toEpochMs,
} from './meter-readings.ts';
import { threadCpu, threadCpuSince } from './thread-cpu.ts';

const { values: flags, positionals } = parseArgs({
  options: {
    profile: { type: 'string' },
    'heap-profile': { type: 'string' },
    'decoded-baseline': { type: 'boolean' },
    'lean-baseline': { type: 'boolean' },
  },
  allowPositionals: true,
});
const TOTAL = Number(positionals[0] ?? 1_000_000);
const PARTITIONS = 6;
const METERS = 20_000;
const logger = createLogger('bench', 'error');
const kafka = createKafka(loadKafkaConfig(), logger);
// BENCH_RUNTIME_CLIENT: the runtime on another client than raw consume's (ONEGRID_KAFKA_CLIENT,
// kafkajs by default). Raw consume stays the baseline of the issue's ratio; each round then also
// reads raw through the runtime's group source on its client, like with like (as --lean-baseline).
const runtimeKafka =
  process.env.BENCH_RUNTIME_CLIENT === undefined
    ? kafka
    : createKafka(
        loadKafkaConfig({ ...process.env, ONEGRID_KAFKA_CLIENT: process.env.BENCH_RUNTIME_CLIENT }),
        logger,
      );
const topic = `bench.meter-readings.${randomUUID().slice(0, 8)}`;

async function fill(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics([
    { topic, partitions: PARTITIONS },
    { topic: `${topic}.dlq`, partitions: 1 },
  ]);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const start = Date.parse('2026-09-14T00:00:00+08:00');
  const started = performance.now();
  const batch = 20_000;
  for (let sent = 0; sent < TOTAL; sent += batch) {
    const messages = [];
    for (let i = sent; i < Math.min(TOTAL, sent + batch); i++) {
      const meter = i % METERS;
      const step = Math.floor(i / METERS);
      const reading: MeterReading = {
        meter_id: `EM-${String(meter).padStart(8, '0')}`,
        household_id: `HH-${String(meter).padStart(8, '0')}`,
        kind: 'electricity',
        ts: new Date(start + step * 900_000).toISOString().replace('Z', '+00:00'),
        reading: 1000 + step * 0.25,
        unit: 'kWh',
      };
      messages.push({ key: reading.meter_id, value: JSON.stringify(reading) });
    }
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  console.log(`filled ${topic}: ${TOTAL} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Events per wall-clock second and per CPU-second of this process. */
interface Rate {
  readonly perSecond: number;
  readonly perCpuSecond: number;
  /** Per CPU-second of the main thread alone. */
  readonly perThreadCpuSecond: number;
  /**
   * Per CPU-second of the process less embedded chDB's threads (every thread but the main one,
   * V8's GC helpers and the profiler's): what the process would spend with ClickHouse elsewhere.
   */
  readonly perCpuSecondNoEngine: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const threadSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.threadCpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** Raw consume; with `decode`, each message also decoded and validated as the runtime does. */
async function baseline(
  decode?: ReturnType<typeof benchCodec.decoder<typeof meterReadingSchema>>,
): Promise<Rate> {
  let seen = 0;
  let checksum = 0;
  let started = 0;
  let cpu = process.cpuUsage();
  let thread = process.threadCpuUsage();
  let threadsBefore = threadCpu();
  let reader: TopicReader | undefined;
  await new Promise<void>((resolve, reject) => {
    kafka
      .read({
        groupId: `bench-baseline-${randomUUID()}`,
        topics: [topic],
        // BENCH_BASELINE_MAX_BYTES: raw consume's fetch size per partition (kafkajs's 1 MiB otherwise),
        // e.g. the runtime's own 256 KiB, so that both read the topic in the same fetches.
        ...(process.env.BENCH_BASELINE_MAX_BYTES === undefined
          ? {}
          : { maxBytesPerPartition: Number(process.env.BENCH_BASELINE_MAX_BYTES) }),
        deleteGroupOnStop: true,
        onBatch: async (batch) => {
          if (started === 0) {
            await profiler?.post('Profiler.start');
            started = performance.now();
            cpu = process.cpuUsage();
            thread = process.threadCpuUsage();
            threadsBefore = threadCpu();
          }
          if (decode === undefined)
            for (const record of batch.records) {
              const value = JSON.parse(String(record.value)) as { reading: number };
              checksum += value.reading;
            }
          else
            for (const record of batch.records) {
              const bytes = record.value;
              const decoded = decode(bytes !== null && isUtf8(bytes) ? bytes.toString('utf8') : bytes);
              if (decoded.ok && toEpochMs(decoded.value.ts) > 0) checksum += decoded.value.reading;
            }
          seen += batch.records.length;
          if (seen >= TOTAL) resolve();
        },
      })
      .then((r) => {
        reader = r;
      }, reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds(cpu);
  const threadUsed = threadSeconds(thread);
  const threads = threadCpuSince(threadsBefore);
  printThreads(decode === undefined ? 'baseline' : 'decoded baseline', threads);
  if (profiler !== undefined) {
    const { profile } = await profiler.post('Profiler.stop');
    (decode === undefined ? baselineProfiles : decodedProfiles).push(profile);
  }
  await reader?.stop();
  if (checksum <= 0) throw new Error('baseline parsed nothing');
  return {
    perSecond: TOTAL / seconds,
    perCpuSecond: TOTAL / cpuUsed,
    perThreadCpuSecond: TOTAL / threadUsed,
    perCpuSecondNoEngine: TOTAL / (cpuUsed - engineSeconds(threads)),
  };
}

/**
 * Raw consume on the runtime's own client path (--lean-baseline): its group source (with
 * kafkajs, lean records and the runtime's fetch size) and JSON.parse, nothing else. The
 * issue's ratio stays the one against the standard raw consume (`kafka.read`); this one says
 * how much of a gain is the client path's.
 */
async function sourceBaseline(): Promise<Rate> {
  let seen = 0;
  let checksum = 0;
  let started = 0;
  let cpu = process.cpuUsage();
  let thread = process.threadCpuUsage();
  let threadsBefore = threadCpu();
  const source = runtimeKafka.groupSource({
    groupId: `bench-source-baseline-${randomUUID()}`,
    topic,
    ...(process.env.BENCH_MAX_BYTES === undefined
      ? {}
      : { maxBytesPerPartition: Number(process.env.BENCH_MAX_BYTES) }),
  });
  await new Promise<void>((resolve, reject) => {
    source
      .start({
        onAssignment: () => undefined,
        onRebalancing: () => undefined,
        onBatch: async (batch) => {
          if (started === 0) {
            started = performance.now();
            cpu = process.cpuUsage();
            thread = process.threadCpuUsage();
            threadsBefore = threadCpu();
          }
          for (const message of batch.messages) {
            const value = JSON.parse(String(message.value)) as { reading: number };
            checksum += value.reading;
          }
          seen += batch.messages.length;
          if (seen >= TOTAL) resolve();
        },
      })
      .catch(reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds(cpu);
  const threadUsed = threadSeconds(thread);
  const threads = threadCpuSince(threadsBefore);
  printThreads(`baseline on the group source (${runtimeKafka.implementation})`, threads);
  await source.stop();
  if (checksum <= 0) throw new Error('baseline parsed nothing');
  return {
    perSecond: TOTAL / seconds,
    perCpuSecond: TOTAL / cpuUsed,
    perThreadCpuSecond: TOTAL / threadUsed,
    perCpuSecondNoEngine: TOTAL / (cpuUsed - engineSeconds(threads)),
  };
}

/** CPU-seconds by thread of one part, for each part (the baselines' too: what raw consume's GC costs). */
function printThreads(part: string, threads: [string, number][]): void {
  console.log(
    `${part}: CPU-s by thread: ${threads
      .slice(0, 8)
      .map(([name, seconds]) => `${name} ${seconds.toFixed(2)}`)
      .join(', ')}`,
  );
}

/** CPU-seconds of threads that are neither the main thread, V8's GC helpers nor the profiler's. */
const engineSeconds = (threads: [string, number][]) =>
  threads
    .filter(([name]) => name !== 'MainThread' && name !== 'V#Worker' && !name.startsWith('v#:'))
    .reduce((sum, [, seconds]) => sum + seconds, 0);

const profiler = flags.profile === undefined ? undefined : new Session();
const heapProfiler = flags['heap-profile'] === undefined ? undefined : new Session();

async function windowed(): Promise<Rate> {
  // With CLICKHOUSE_URL (e.g. infra/clickhouse/chdb-server.sh url) the sink inserts into that
  // server, a process of its own as in production, one new database per round; without it into
  // embedded chDB, whose threads then count in this process's CPU.
  const database = `bench_${randomUUID().slice(0, 8)}`;
  const store = await openStore(
    loadStoreConfig({
      ONEGRID_CHDB_PATH: await mkdtemp(path.join(tmpdir(), 'bench-chdb-')),
      ONEGRID_CHDB_CONNECTIONS: process.env.ONEGRID_CHDB_CONNECTIONS,
      CLICKHOUSE_URL: process.env.CLICKHOUSE_URL,
      CLICKHOUSE_DATABASE: database,
    }),
  );
  await migrate(store.client);
  await store.client.command({
    query: `CREATE TABLE hourly (meter_id String, window_start DateTime64(3, 'UTC'), readings UInt32, kwh Float64)
            ENGINE = ReplacingMergeTree(readings) ORDER BY (meter_id, window_start)`,
  });
  const metrics = streamMetrics(new Registry());
  const sinkOptions = {
    maxRows: 50_000,
    maxDelayMs: 1_000,
    retry: { baseMs: 100, capMs: 2_000 },
    logger,
    metrics: metrics.sinks,
  };
  const producer = runtimeKafka.producer();
  await producer.connect();
  const group = `bench-windowed-${randomUUID()}`;
  const processor = await runProcessor(
    {
      name: group,
      topic,
      schema: meterReadingSchema,
      eventTime: (r) => toEpochMs(r.ts),
      operator: () =>
        new WindowedAggregation<
          MeterReading,
          { n: number; min: number; max: number },
          Record<string, unknown>
        >({
          windows: tumblingWindows(3_600_000),
          allowedLatenessMs: 0,
          key: (r) => r.meter_id,
          // A meter's reading is identified by its time: the instant, not its text (the same
          // reading re-sent with another offset notation is the same reading).
          id: (_r, eventTime) => eventTime,
          aggregator: {
            create: () => ({ n: 0, min: Number.POSITIVE_INFINITY, max: 0 }),
            add: (acc, r) => {
              acc.n += 1;
              if (r.reading < acc.min) acc.min = r.reading;
              if (r.reading > acc.max) acc.max = r.reading;
              return acc;
            },
          },
          result: ({ key, window, value }) => ({
            meter_id: key,
            window_start: window.start / 1000,
            readings: value.n,
            kwh: value.max - value.min,
          }),
        }),
      outOfOrdernessMs: 15 * 60_000,
      idleTimeoutMs: 30_000,
      sinks: [clickHouseSink(store.client, 'hourly', sinkOptions)],
      late: lateEventsTable(store.client, sinkOptions),
      deadLetters: 'publish',
      commitIntervalMs: 2_000,
    },
    {
      consumer: runtimeKafka.groupSource({
        groupId: group,
        topic,
        // BENCH_MAX_BYTES: the fetch size per partition, to measure it (the client's default otherwise).
        ...(process.env.BENCH_MAX_BYTES === undefined
          ? {}
          : { maxBytesPerPartition: Number(process.env.BENCH_MAX_BYTES) }),
      }),
      producer,
      codec: benchCodec,
      logger,
      metrics,
      now: Date.now,
    },
  );
  // Both runs are timed from their first batch: joining the group is not throughput.
  while (processor.progress().processed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await profiler?.post('Profiler.start');
  await heapProfiler?.post('HeapProfiler.startSampling', {
    samplingInterval: 32_768,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const thread = process.threadCpuUsage();
  const threadsBefore = threadCpu();
  const head = processor.progress().processed; // processed before the clock started
  while (processor.progress().processed < TOTAL) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds(cpu);
  const threadUsed = threadSeconds(thread);
  const threads = threadCpuSince(threadsBefore);
  printThreads('windowed', threads);
  if (profiler !== undefined) {
    const { profile } = await profiler.post('Profiler.stop');
    profiles.push(profile);
  }
  if (heapProfiler !== undefined) {
    const { profile } = await heapProfiler.post('HeapProfiler.stopSampling');
    heapProfiles.push(profile);
  }
  await processor.stop();
  await producer.disconnect();
  const result = await store.client.query({
    query: 'SELECT count() AS windows FROM hourly',
    format: 'JSONEachRow',
  });
  console.log(`windowed: ${JSON.stringify(await result.json())} hourly windows stored (${store.target})`);
  if (store.mode === 'server') await store.client.command({ query: `DROP DATABASE ${database}` });
  await store.close();
  return {
    perSecond: (TOTAL - head) / seconds,
    perCpuSecond: (TOTAL - head) / cpuUsed,
    perThreadCpuSecond: (TOTAL - head) / threadUsed,
    perCpuSecondNoEngine: (TOTAL - head) / (cpuUsed - engineSeconds(threads)),
  };
}

const profiles: object[] = [];
const baselineProfiles: object[] = [];
const decodedProfiles: object[] = [];
const heapProfiles: object[] = [];
profiler?.connect();
await profiler?.post('Profiler.enable');
heapProfiler?.connect();
await heapProfiler?.post('HeapProfiler.enable');
await fill();
// Rounds counted (BENCH_ROUNDS) after uncounted warm-up rounds (BENCH_WARMUP): the first round's
// baseline ran on a cold JIT (its main thread 1.3-1.5 times the later rounds', 2026-12-07), which
// moved a 3-round median. Counted rounds alternate which part runs first, so neither always
// runs on the other's leftovers (its garbage, chDB's merges).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const ratios: number[] = [];
const cpuRatios: number[] = [];
const threadRatios: number[] = [];
const noEngineRatios: number[] = [];
const decodedRatios: number[] = [];
const leanRatios: number[] = [];
/** CPU-µs per reading of each part, per counted round (a rate per CPU-s of 500k is 2 µs). */
const costs = { raw: [] as number[], runtime: [] as number[] };
const rate = (r: Rate) =>
  `${Math.round(r.perSecond).toLocaleString('en')} events/s (${Math.round(r.perCpuSecond).toLocaleString('en')} per CPU-s, ` +
  `${Math.round(r.perThreadCpuSecond).toLocaleString('en')} per main-thread CPU-s)`;
for (let round = 1 - WARMUP; round <= ROUNDS; round++) {
  const runtimeFirst = round > 0 && round % 2 === 0;
  const early = runtimeFirst ? await windowed() : undefined;
  const base = await baseline();
  const decodedBase = flags['decoded-baseline']
    ? await baseline(benchCodec.decoder(meterReadingSchema))
    : undefined;
  const runtime = early ?? (await windowed());
  const leanBase = flags['lean-baseline'] || runtimeKafka !== kafka ? await sourceBaseline() : undefined;
  if (round <= 0) {
    console.log(`warm-up round: baseline ${rate(base)}; windowed ${rate(runtime)} (not counted)`);
    continue;
  }
  ratios.push(runtime.perSecond / base.perSecond);
  costs.raw.push(1e6 / base.perCpuSecond);
  costs.runtime.push(1e6 / runtime.perCpuSecond);
  cpuRatios.push(runtime.perCpuSecond / base.perCpuSecond);
  threadRatios.push(runtime.perThreadCpuSecond / base.perThreadCpuSecond);
  noEngineRatios.push(runtime.perCpuSecondNoEngine / base.perCpuSecondNoEngine);
  console.log(
    `round ${round}${runtimeFirst ? ' (windowed first)' : ''}: baseline (${kafka.implementation} read + JSON.parse) ${rate(base)}; ` +
      `windowed (decode+validate, hourly windows, ClickHouse sink, commits) ${rate(runtime)}; ` +
      `ratio ${(runtime.perSecond / base.perSecond).toFixed(2)} (per CPU-s ${(runtime.perCpuSecond / base.perCpuSecond).toFixed(2)}, ` +
      `main thread ${(runtime.perThreadCpuSecond / base.perThreadCpuSecond).toFixed(2)}, ` +
      `without chDB's threads ${(runtime.perCpuSecondNoEngine / base.perCpuSecondNoEngine).toFixed(2)})`,
  );
  if (leanBase !== undefined) {
    leanRatios.push(runtime.perCpuSecond / leanBase.perCpuSecond);
    console.log(
      `round ${round}: baseline on the runtime's own client path (${runtimeKafka.implementation} group source + JSON.parse) ${rate(leanBase)}; ` +
        `ratio windowed to it ${(runtime.perSecond / leanBase.perSecond).toFixed(2)} (per CPU-s ${(runtime.perCpuSecond / leanBase.perCpuSecond).toFixed(2)}, ` +
        `main thread ${(runtime.perThreadCpuSecond / leanBase.perThreadCpuSecond).toFixed(2)})`,
    );
  }
  if (decodedBase !== undefined) {
    decodedRatios.push(runtime.perCpuSecond / decodedBase.perCpuSecond);
    console.log(
      `round ${round}: baseline + decode and validate ${rate(decodedBase)}; ratio windowed to it ` +
        `${(runtime.perSecond / decodedBase.perSecond).toFixed(2)} (per CPU-s ${(runtime.perCpuSecond / decodedBase.perCpuSecond).toFixed(2)}, ` +
        `main thread ${(runtime.perThreadCpuSecond / decodedBase.perThreadCpuSecond).toFixed(2)}); ` +
        `decoded baseline to raw per CPU-s ${(decodedBase.perCpuSecond / base.perCpuSecond).toFixed(2)}`,
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
const mem = process.memoryUsage();
const [load1] = (await import('node:os')).loadavg();
console.log(
  `median ratio windowed (${runtimeKafka.implementation})/baseline (${kafka.implementation}) over ${ROUNDS} rounds: ${median(ratios).toFixed(2)} ` +
    `(rounds ${spread(ratios)}; per CPU-s ${median(cpuRatios).toFixed(2)} (rounds ${spread(cpuRatios)}), main thread ${median(threadRatios).toFixed(2)}, ` +
    `without chDB's threads ${median(noEngineRatios).toFixed(2)}); rss ${Math.round(mem.rss / 2 ** 20)} MiB; load average ${load1?.toFixed(1)}`,
);
// Each part's CPU per reading moved by up to 1.8 times between rounds of one process (raw
// consume 1.3-2.4 µs, 2026-12-07 at load 4-6: the 2 cores are shared, and a busy neighbour
// slows a thread's every instruction). Beside the median of the rounds' ratios, each part's
// least disturbed round: the ratio of the two best rounds.
const best = (xs: number[]) => Math.min(...xs);
console.log(
  `CPU-µs per reading, median (best) over ${ROUNDS} rounds: raw consume ${median(costs.raw).toFixed(2)} (${best(costs.raw).toFixed(2)}), ` +
    `windowed ${median(costs.runtime).toFixed(2)} (${best(costs.runtime).toFixed(2)}); ratio per CPU-s of the medians ` +
    `${(median(costs.raw) / median(costs.runtime)).toFixed(2)}, of the best rounds ${(best(costs.raw) / best(costs.runtime)).toFixed(2)}`,
);
if (leanRatios.length > 0)
  console.log(
    `median ratio windowed (${runtimeKafka.implementation})/baseline on the same client per CPU-s: ${median(leanRatios).toFixed(2)} (rounds ${spread(leanRatios)})`,
  );
if (decodedRatios.length > 0)
  console.log(
    `median ratio windowed/(baseline + decode and validate) per CPU-s: ${median(decodedRatios).toFixed(2)}`,
  );
if (flags.profile !== undefined) {
  // One profile of the rounds: the last round's (the earlier ones warm the JIT).
  await writeFile(flags.profile, JSON.stringify(profiles.at(-1)));
  // The baselines' last rounds beside it, to compare like with like.
  await writeFile(
    flags.profile.replace(/(\.cpuprofile)?$/, '.baseline.cpuprofile'),
    JSON.stringify(baselineProfiles.at(-1)),
  );
  if (decodedProfiles.length > 0)
    await writeFile(
      flags.profile.replace(/(\.cpuprofile)?$/, '.decoded.cpuprofile'),
      JSON.stringify(decodedProfiles.at(-1)),
    );
  profiler?.disconnect();
}
if (flags['heap-profile'] !== undefined) {
  await writeFile(flags['heap-profile'], JSON.stringify(heapProfiles.at(-1)));
  heapProfiler?.disconnect();
}
