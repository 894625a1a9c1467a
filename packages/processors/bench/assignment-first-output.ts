// A partition assignment → first output at city scale, through the real path (issue 17): a
// processor process started as deployed (`node packages/app/src/main.ts`, ONEGRID_ROLE=processors,
// the store a ClickHouse server by CLICKHOUSE_URL, every processor of the catalogue) joins the
// utility processor's consumer group on a real broker beside members that hold the other
// partitions, is assigned k of P, reads its households' snapshots from the store, replays the
// readings of their open hour and hands the sinks its first output. The processor's own log
// lines (stream runtime and utility processor) time each step; its RSS and CPU are read from
// /proc and `/usr/bin/time -v`. Never a shared broker: `prepare` writes the contract's topics.
//
//   prepare: the registries of N households and 7 quarter-hours of both meters' readings of every
//   household on the re-keyed topic the utility processor reads, packed as the archive writes it
//   (the hour after the store's newest, and three quarters of the next: the watermark then closes
//   the first, as a live partition's replay from its commit at worst does):
//     KAFKA_BROKERS=… ONEGRID_TOPIC_PARTITIONS=24 node packages/processors/bench/assignment-first-output.ts prepare 1000000
//   run: one assignment of k of P partitions, the store a fresh copy of DIR (a detector-state.ts
//   store completed by copy-snapshots.ts: every household's snapshot, its newest hour the one
//   before the readings'), served by infra/clickhouse/chdb-server.sh:
//     KAFKA_BROKERS=… ONEGRID_TOPIC_PARTITIONS=24 node packages/processors/bench/assignment-first-output.ts run DIR k
// The run prints one JSON line: times from the assignment received, CPU, RSS at the end (every
// partition caught up) and at peak, the hourly rows stored.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseUtilityConfig } from '@onegrid/analytics/utility';
import { INTERNAL_TOPICS, isoCstSeconds, type MeterReading } from '@onegrid/contracts';
import {
  type ConsumerClient,
  createKafka,
  declareTopics,
  type KafkaClient,
  loadKafkaConfig,
  provisionTopics,
} from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, openStore } from '@onegrid/store';
import {
  encodeHouseholdReadings,
  packedBytesOf,
  type SourcedReading,
} from '../src/internal/household-readings.ts';
import { chunksPerPartition } from '../src/sinks/packed-topic-sink.ts';
import { fillCity } from './fill-city.ts';

const HOUR = 3_600_000;
const QUARTER = 900_000;
/** As detector-state.ts: its store's newest hour is FIRST_HOUR + DAYS·24, the readings' hour the next. */
const DAYS = parseUtilityConfig({}).historyDays;
const FIRST_HOUR = Date.UTC(2026, 8, 14, 16) / HOUR;
const READINGS_HOUR = FIRST_HOUR + DAYS * 24 + 1;
/** Quarters after the hour's start: its four, then three of the next (watermark 30 min behind, settle 15 min). */
const QUARTERS = 7;
/** Households per slice of a quarter's readings: bounds the fill's memory, keeps each quarter in order. */
const SLICE = 200_000;
const GROUP = 'onegrid.utility-inactivity';
const PROCESSOR = 'utility-inactivity';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WORK = process.env.ONEGRID_BENCH_DIR ?? '/tmp/s19/first19';
const CHDB_PORT = process.env.ONEGRID_BENCH_CHDB_PORT ?? '9538';
const OPS_PORT = process.env.ONEGRID_BENCH_OPS_PORT ?? '9539';

const config = loadKafkaConfig();
// The holders' kafkajs lines (every rebalance of theirs is logged as an error) are not the run's.
const logger = createLogger('bench', 'fatal');
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function prepare(kafka: KafkaClient, households: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, declareTopics(config), config.ONEGRID_TOPIC_REPLICATION);
  await admin.disconnect();
  const started = performance.now();
  await fillCity(kafka, { households, hours: 0 });
  const registryS = (performance.now() - started) / 1000;
  const partitions = config.ONEGRID_TOPIC_PARTITIONS;
  const topic = INTERNAL_TOPICS.meterReadingsByHousehold;
  const producer = kafka.producer();
  await producer.connect();
  const packed = {
    keyOf: (r: SourcedReading) => r.event.household_id,
    encode: encodeHouseholdReadings,
    bytesOf: packedBytesOf,
  };
  let readings = 0;
  let messages = 0;
  for (let q = 1; q <= QUARTERS; q++) {
    const ts = isoCstSeconds(READINGS_HOUR * HOUR + q * QUARTER);
    for (let from = 0; from < households; from += SLICE) {
      const rows: SourcedReading[] = [];
      for (let h = from; h < Math.min(households, from + SLICE); h++) {
        const n = String(h).padStart(8, '0');
        const household_id = `HH-${n}`;
        // Registers that rise every quarter (whole units: 0.01 kWh, 1 L), water in some quarters.
        const electricity: MeterReading = {
          meter_id: `EM-${n}`,
          household_id,
          kind: 'electricity',
          ts,
          reading: Math.round(100_000 + (h % 997) * 10 + q * (3 + (h % 7))) / 100,
          unit: 'kWh',
        };
        const water: MeterReading = {
          meter_id: `WM-${n}`,
          household_id,
          kind: 'water',
          ts,
          reading: Math.round(100_000 + (h % 991) + (q + (h % 3) > 4 ? q * 2 : 0)) / 1000,
          unit: 'm3',
        };
        rows.push(
          { partition: kafka.partitionFor(electricity.meter_id, partitions), event: electricity },
          { partition: kafka.partitionFor(water.meter_id, partitions), event: water },
        );
      }
      const chunks = chunksPerPartition(rows, packed, (key) => kafka.partitionFor(key, partitions));
      for (let round = 0; ; round++) {
        const batch = [];
        for (const [partition, list] of chunks) {
          const chunk = list[round];
          if (chunk !== undefined) batch.push({ partition, key: null, value: packed.encode(chunk) });
        }
        if (batch.length === 0) break;
        await producer.send({ topic, messages: batch });
        messages += batch.length;
      }
      readings += rows.length;
    }
  }
  await producer.disconnect();
  console.log(
    JSON.stringify({
      households,
      partitions,
      registryS: Math.round(registryS),
      readings,
      messages,
      readingsFrom: isoCstSeconds(READINGS_HOUR * HOUR + QUARTER),
      seconds: Math.round((performance.now() - started) / 1000),
    }),
  );
}

/** Members of the utility group that hold the partitions the measured process is not given: they read nothing. */
async function holdOthers(kafka: KafkaClient, count: number): Promise<ConsumerClient[]> {
  const holders: ConsumerClient[] = [];
  for (let i = 0; i < count; i++) {
    const holder = kafka.groupSource({
      groupId: GROUP,
      topic: INTERNAL_TOPICS.meterReadingsByHousehold,
      maxBytesPerPartition: 1024,
    });
    await holder.start({
      onAssignment: () => undefined,
      onRebalancing: () => undefined,
      // One small batch per partition, then it stays paused: nothing is processed nor committed.
      onBatch: async (_batch, control) => {
        control.pause();
      },
    });
    holders.push(holder);
  }
  return holders;
}

/** Resolves once the group is stable with `members` members (polled: readiness, not a timing). */
async function groupStable(kafka: KafkaClient, members: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (;;) {
      const [group] = await admin.describeGroups([GROUP]);
      if (group?.state === 'Stable' && group.members.length === members) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await admin.disconnect();
  }
}

interface LogLine {
  readonly time: number;
  readonly msg: string;
  readonly processor?: string;
  readonly partition?: number;
  readonly partitions?: number[];
  readonly [field: string]: unknown;
}

/** The process's own RSS now and its peak, MB, from /proc. */
function rssOf(pid: number): { rssMB: number; hwmMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: Math.round(kb('VmRSS') / 1024), hwmMB: Math.round(kb('VmHWM') / 1024) };
}

/** CPU-seconds of the process so far (every thread), from /proc. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The utility processor's lag over `partitions`, from the process's own /metrics (a revoked one's gauge stays). */
async function utilityLag(partitions: ReadonlySet<number>): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${OPS_PORT}/metrics`)).text();
  let lag = 0;
  for (const line of text.split('\n'))
    if (line.startsWith('onegrid_stream_consumer_lag{') && line.includes(`processor="${PROCESSOR}"`)) {
      const partition = Number(/partition="(\d+)"/.exec(line)?.[1]);
      if (partitions.has(partition)) lag += Number(line.split(' ').at(-1));
    }
  return lag;
}

async function firstOutputMetric(): Promise<string[]> {
  const text = await (await fetch(`http://127.0.0.1:${OPS_PORT}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (l) => /^onegrid_stream_assignment_first_output_seconds_(sum|count)\{/.test(l) && l.includes(PROCESSOR),
    );
}

/**
 * The event loop's longest delay since the last scrape (prom-client's default metric, from
 * `monitorEventLoopDelay`): read first at the first output, it is the longest the thread was held
 * at once since the process started: no heartbeat could leave for that long (issue 17).
 */
async function loopDelayMaxS(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${OPS_PORT}/metrics`)).text();
  return Number(/^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(text)?.[1] ?? Number.NaN);
}

function chdb(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync('bash', [path.join(REPO, 'infra/clickhouse/chdb-server.sh'), ...args], {
    env,
    encoding: 'utf8',
  }).trim();
}

async function run(kafka: KafkaClient, store: string, share: number): Promise<void> {
  const partitions = config.ONEGRID_TOPIC_PARTITIONS;
  if (partitions % share !== 0) throw new Error(`${share} does not divide ${partitions} partitions`);
  const members = partitions / share;
  // A fresh copy of the store: a run writes hourly rows and snapshots the next must not restore.
  const copy = path.join(WORK, 'run-store');
  await rm(copy, { recursive: true, force: true });
  execFileSync('cp', ['-a', store, copy]);
  const chdbEnv = { ...process.env, ONEGRID_STATE_DIR: path.join(WORK, 'state') };
  chdb(['start', '--port', CHDB_PORT, '--path', copy], chdbEnv);
  const url = chdb(['url'], chdbEnv);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([GROUP]).catch(() => undefined);
  await admin.disconnect();
  const holders = await holdOthers(kafka, members - 1);
  await groupStable(kafka, members - 1);
  const loadStart = loadavg();
  const child: ChildProcess = spawn(
    '/usr/bin/time',
    ['-v', process.execPath, path.join(REPO, 'packages/app/src/main.ts')],
    {
      cwd: REPO,
      env: {
        ...process.env,
        ONEGRID_ROLE: 'processors',
        CLICKHOUSE_URL: url,
        ONEGRID_HTTP_PORT: OPS_PORT,
        LOG_LEVEL: 'info',
        ONEGRID_LOG_FILE: '',
        // As the manifests set it (infra/k8s/app/processors.yaml): a heap below the pod's limit.
        // ONEGRID_BENCH_NODE_OPTIONS adds to it (e.g. --cpu-prof --cpu-prof-dir=DIR).
        NODE_OPTIONS: `--max-old-space-size=3072 ${process.env.ONEGRID_BENCH_NODE_OPTIONS ?? ''}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const spawnedAt = Date.now();
  // The node process under time (time itself would not pass a signal on).
  const nodePid = () =>
    Number(
      execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const lines: LogLine[] = [];
  /** The partitions held now, and whether each has had its first output since its assignment. */
  const mine = new Map<number, boolean>();
  /** Where the latest assignment's lines start: an eviction (a heartbeat missed) starts over. */
  let latest = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const appLog = createWriteStream(path.join(WORK, `app-${share}-of-${partitions}.log`));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    appLog.write(`${text}\n`);
    if (!text.startsWith('{')) return;
    const line = JSON.parse(text) as LogLine;
    lines.push(line);
    if (line.processor !== PROCESSOR) return;
    if (line.msg === 'partitions assigned to this member') {
      if ([...mine.values()].every((output) => output)) latest = lines.length - 1;
      for (const p of line.partitions ?? []) mine.set(p, false);
    } else if (line.msg === 'partition revoked') mine.delete(line.partition as number);
    else if (line.msg === 'first output after assignment') mine.set(line.partition as number, true);
    if (mine.size > 0 && [...mine.values()].every((output) => output)) resolveDone();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // A run that never gets there is ended, not left running: its log says where it stood.
  const deadlineMs = Number(process.env.ONEGRID_BENCH_DEADLINE_S ?? 480) * 1000;
  const deadline = setTimeout(() => process.kill(nodePid(), 'SIGTERM'), deadlineMs);
  // false: the deadline ended the process first (its log says where it stood).
  const reached = await Promise.race([done.then(() => true), exited.then(() => false)]);
  clearTimeout(deadline);
  let atFirstOutput: ReturnType<typeof rssOf> & { cpuS: number } = { rssMB: 0, hwmMB: 0, cpuS: 0 };
  let atEnd = atFirstOutput;
  let caughtUpAt = Number.NaN;
  let metric: string[] = [];
  let loadEnd = loadavg();
  let loopDelayToFirstOutputS = Number.NaN;
  if (reached) {
    loopDelayToFirstOutputS = await loopDelayMaxS();
    // The node process under time: its RSS and CPU at the first output, then once caught up.
    const pid = nodePid();
    atFirstOutput = { ...rssOf(pid), cpuS: cpuOf(pid) };
    // Bounded too: a member evicted meanwhile may never catch up.
    while (Date.now() < spawnedAt + deadlineMs) {
      if ((await utilityLag(new Set(mine.keys()))) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    caughtUpAt = Date.now();
    atEnd = { ...rssOf(pid), cpuS: cpuOf(pid) };
    metric = await firstOutputMetric();
    loadEnd = loadavg();
    process.kill(pid, 'SIGTERM');
    await exited;
  }
  for (const holder of holders) await holder.stop();
  // What the first outputs became: the readings' hour, stored (the processor flushed at its stop).
  const db = await openStore(loadStoreConfig({ CLICKHOUSE_URL: url }));
  const stored = await db.client.query({
    query: 'SELECT count() FROM household_usage_hourly FINAL WHERE hour = toDateTime({hour:UInt32})',
    query_params: { hour: READINGS_HOUR * 3600 },
    format: 'JSONCompactEachRow',
  });
  const hourlyRows = Number((await stored.json<[string]>())[0]?.[0] ?? 0);
  await db.close();
  chdb(['stop'], chdbEnv);

  const every = lines.filter((l) => l.processor === PROCESSOR);
  // The assignment that got to its first output, and the ones lost before it (evicted).
  const utility = lines.slice(latest).filter((l) => l.processor === PROCESSOR);
  const assigned = utility.find((l) => l.msg === 'partitions assigned to this member');
  const t0 = assigned?.time ?? Number.NaN;
  const at = (msg: string) => utility.filter((l) => l.msg === msg);
  const span = (msg: string) => {
    const times = at(msg).map((l) => l.time - t0);
    return times.length === 0 ? undefined : [Math.min(...times), Math.max(...times)];
  };
  const time = (label: string) =>
    Number(
      new RegExp(`${label}: ([\\d.:]+)`)
        .exec(stderr)?.[1]
        ?.split(':')
        .reduce((a, b) => a * 60 + Number(b), 0),
    );
  const running = lines.find((l) => l.msg === 'processors running');
  console.log(
    JSON.stringify({
      reached,
      share: `${mine.size} of ${partitions}`,
      partitionsMine: [...mine.keys()].sort((a, b) => a - b),
      assignments: every.filter((l) => l.msg === 'partitions assigned to this member').length,
      commitsFailed: every.filter((l) => l.msg.startsWith('commit failed')).length,
      // From the process's first assignment, evictions included, to its last partition's first output.
      fromFirstAssignmentMs:
        Math.max(...at('first output after assignment').map((l) => l.time)) -
        (every.find((l) => l.msg === 'partitions assigned to this member')?.time ?? Number.NaN),
      // A close of a second or more in all: held in one block, or (since issue 17's slices) spread
      // over slices, the longest of which is how long no heartbeat could leave.
      slowAdvances: every
        .filter(
          (l) =>
            l.msg.startsWith('utility detector held the thread') ||
            l.msg.startsWith('utility detector closed hours in slices'),
        )
        .map((l) => ({
          partition: l.partition,
          ms: l.ms,
          hours: l.hours,
          wallMs: l.wallMs,
          slices: l.slices,
          longestSliceMs: l.longestSliceMs,
          sinceAssignmentMs: l.time - t0,
        })),
      households: at('utility restart state read').reduce((sum, l) => sum + Number(l.snapshots ?? 0), 0),
      load: `${loadStart} → ${loadEnd}`,
      startToRunningS: running === undefined ? undefined : (running.time - spawnedAt) / 1000,
      // Milliseconds from the assignment received, first and last of the partitions.
      snapshotsReadMs: span('utility restart state read'),
      readMsEach: at('utility restart state read').map((l) => l.ms),
      firstReadingMs: span('partition assigned'),
      stateReadyMs: span('utility state ready: every household read is seeded'),
      firstOutputMs: span('first output after assignment'),
      firstOutputCpuS: at('first output after assignment').map((l) => l.processCpuS),
      caughtUpMs: caughtUpAt - t0,
      loopDelayToFirstOutputS,
      atFirstOutput,
      atEnd,
      peakRssMB: Math.round(
        Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) / 1024,
      ),
      processCpuS:
        Math.round((time('User time \\(seconds\\)') + time('System time \\(seconds\\)')) * 10) / 10,
      metric,
      hourlyRowsStored: hourlyRows,
    }),
  );
}

const [, , mode, first, second] = process.argv;
const kafka = createKafka(config, logger);
if (mode === 'prepare') await prepare(kafka, Number(first ?? 1_000_000));
else if (mode === 'run') await run(kafka, first as string, Number(second ?? 1));
else throw new Error('usage: assignment-first-output.ts prepare [households] | run DIR share');
