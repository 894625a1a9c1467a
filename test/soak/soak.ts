// The soak: a typhoon replayed at 10× real time through three Kafka brokers (replication 3),
// two processor instances, a server and a chDB server, while faults are injected; then the
// reconciliation of what was produced, stored and sent to the screens, with the end-to-end
// latency and each fault's recovery time. A script, not a test: it runs for the given minutes.
//
//   node test/soak/soak.ts --minutes 20 --households 20000 --speedup 10 [--keep]
//
// Everything lands in .onegrid/soak/<run>/: each process's log, truth/, chdb/, samples.jsonl
// (lag and health every 2 s), latency.jsonl, screens.json, reconcile.json, summary.json.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ClickHouseClient } from '@clickhouse/client';
import { ALL_TOPICS, INPUT_TOPICS, INTERNAL_TOPICS, SCREEN_LANE_TOPIC } from '@onegrid/contracts';
import type { KafkaAdmin as Admin } from '@onegrid/kafka';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { FEED_CHANNELS } from '@onegrid/server';
import { waitUntil } from '../support/wait-until.ts';
import { type Child, Children, cpuSeconds, freePort, nodeEntry, ROOT, run, runAsync } from './children.ts';
import { type GroupLag, groupLags, PROCESSOR_GROUPS, underReplicated } from './consumer-lag.ts';
import { FeedReplica } from './feed-replica.ts';
import {
  LATENCY_CHANNELS,
  LatencyProbe,
  type LatencySample,
  longestSilence,
  type Percentiles,
  percentiles,
} from './latency.ts';
import { formatPhaseTable, latencyByPhase, phasesOf } from './latency-phases.ts';
import { connectClickHouse, formatReport, type ReconcileReport, reconcile } from './reconcile.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    households: { type: 'string', default: '20000' },
    speedup: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    'landfall-hour': { type: 'string' },
    'no-faults': { type: 'boolean', default: false },
    'cold-start': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: node test/soak/soak.ts [--minutes 20] [--households 20000] [--speedup 10] [--seed 42]
       [--landfall-hour H] [--no-faults] [--cold-start] [--keep]
  --cold-start  the storm as the processes start (the order before 2026-12-07): registries and
                events published from the simulator's spawn, no wait for /health/ready; the
                windows count from the spawn. Default: registries first, events once ready.
  --keep   leave the Kafka cluster running at the end (reconcile.ts can then re-read the topics)`);
  process.exit(0);
}
const positive = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${text}`);
  return n;
};
const MINUTES = positive('minutes', values.minutes);
const HOUSEHOLDS = positive('households', values.households);
const SPEEDUP = positive('speedup', values.speedup);
const SEED = positive('seed', values.seed);
/** The storm as the processes start (a rollout during a storm), not once they are ready. */
const COLD_START = values['cold-start'];
/** Scenario hours the replay needs to last the requested minutes. */
const HOURS = Math.ceil(((MINUTES * SPEEDUP) / 60) * 100) / 100;
/** Landfall an hour of scenario before the end: the evacuation, the ticket surge and landfall all happen. */
const LANDFALL =
  values['landfall-hour'] === undefined ? Math.max(0.5, HOURS - 1) : Number(values['landfall-hour']);
/** Faults on the 20-minute timeline, scaled to the run's length. */
const SCALE = MINUTES / 20;
const MIN = 60_000;
const SAMPLE_MS = 2_000;
const QUIET_MS = 20_000;
const TOKEN = 'soak-display-token-0001';
const KAFKA_SH = path.join(ROOT, 'infra/kafka/kafka.sh');

const runId = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
const runDir = path.join(ROOT, '.onegrid/soak', runId);
mkdirSync(path.join(runDir, 'truth'), { recursive: true });
const say = (text: string) => {
  const line = `[soak ${new Date().toISOString().slice(11, 19)}] ${text}`;
  console.log(line);
  appendFileSync(path.join(runDir, 'soak.log'), `${line}\n`);
};
const children = new Children(runDir);
let clusterStarted = false;
const stopCluster = () => {
  if (!clusterStarted || values.keep) return;
  clusterStarted = false;
  spawnSync('bash', [KAFKA_SH, 'stop', '--cluster'], { cwd: ROOT, stdio: 'ignore', timeout: 90_000 });
};
// Whatever happens, nothing this script started outlives it (Kafka only with --keep).
process.on('exit', () => {
  children.killAllNow();
  stopCluster();
});
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say(`${signal}: stopping everything (again to force)`);
    process.exit(130);
  });
}

interface Sample {
  readonly at: number;
  readonly groups: GroupLag[] | null;
  readonly underReplicated: number | null;
  readonly health: { status: number; kafka: boolean; clickhouse: boolean } | null;
  readonly processors: number;
  readonly feed: Record<string, number>;
  /**
   * Event-loop delay over the 2 s before the sample, ms (max, p99): the server's and each
   * processor instance's from their /metrics (prom-client resets its monitorEventLoopDelay at
   * each scrape, and only the sampler scrapes), and this process's own, which receives the
   * feed: a screen change late here may be this loop's, not the server's.
   */
  readonly loop?: Record<string, { max: number; p99: number }>;
  /** The host's 1-minute load average: the machine is shared, a run's figures are read with it. */
  readonly load?: number;
  readonly error?: string;
}

interface FaultEvent {
  readonly name: string;
  readonly at: number;
}

async function main(): Promise<number> {
  say(
    `run ${runId}: ${MINUTES} min, ${HOUSEHOLDS} households, ×${SPEEDUP}, scenario ${HOURS} h, landfall at ${LANDFALL} h; dir ${runDir}`,
  );
  // ---- Kafka: three brokers, replication 3, min ISR 2 (infra/kafka) ---------------------
  say('kafka: reset and start the 3-broker cluster');
  run('bash', [KAFKA_SH, 'reset', '--cluster']);
  clusterStarted = true;
  run('bash', [KAFKA_SH, 'start', '--cluster']);
  const brokers = run('bash', [KAFKA_SH, 'bootstrap-servers', '--cluster']).trim().split('\n').at(-1) ?? '';
  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    ONEGRID_TOPIC_REPLICATION: '3',
    LOG_LEVEL: 'info',
  };
  await writeFile(path.join(runDir, 'run.json'), `${JSON.stringify({ brokers, households: HOUSEHOLDS })}\n`);
  const kafka = createKafka(
    loadKafkaConfig({ KAFKA_BROKERS: brokers, ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT }),
    createLogger('soak', 'silent'),
  );
  const admin = kafka.admin();
  await admin.connect();

  // ---- chDB server, server, two processor instances -------------------------------------
  const chdbPort = await freePort();
  // The chdb-server takes queries with its token only (docs/security.md); the URL carries it.
  const chdbToken = randomBytes(24).toString('base64url');
  const chdbUrl = `http://default:${chdbToken}@127.0.0.1:${chdbPort}`;
  let chdb = await startChdb(chdbPort);
  const httpPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  const appEnv = { ...env, CLICKHOUSE_URL: chdbUrl };
  const app = (name: string) => nodeEntry('packages/app/src/main.ts', name);
  const server = children.start('server', process.execPath, app('server').args, {
    ...appEnv,
    ...app('server').env,
    ONEGRID_ROLE: 'server',
    ONEGRID_MIGRATE: 'on',
    ONEGRID_HTTP_PORT: String(httpPort),
    ONEGRID_TOKENS: `${TOKEN}:display`,
    // e.g. `--cpu-prof --cpu-prof-dir=<dir>`: the server's own profile through a run (its
    // children and the processors keep the soak's environment).
    NODE_OPTIONS: process.env.ONEGRID_SOAK_SERVER_NODE_OPTIONS ?? process.env.NODE_OPTIONS,
  });
  await waitUntil(async () => ((await fetchStatus(`${base}/health/live`)) === 200 ? true : undefined), {
    deadlineMs: 180_000,
    intervalMs: 500,
    describe: () => `server not live (see ${runDir}/server.log); alive: ${server.alive()}`,
  });
  say(`server listening on ${base} (migrations applied)`);

  // ---- the city's registries, before any processor ----------------------------------------
  // A command centre's processes start on a city whose registries (households, gauges, stations,
  // shelters: compacted topics) are in Kafka long before a storm, and load them before they say
  // ready. So the simulator publishes them first and holds the events (`--events-after`) until
  // every process is ready: the processors then start as they would in a deployment, not with
  // 20,000 households arriving in the same seconds as the storm's first readings.
  const goFile = path.join(runDir, 'events.go');
  const simulatorArgs = [
    'packages/simulator/src/cli.ts',
    '--households',
    String(HOUSEHOLDS),
    '--hours',
    String(HOURS),
    '--landfall-hour',
    String(LANDFALL),
    '--speedup',
    String(SPEEDUP),
    '--seed',
    String(SEED),
    '--truth-dir',
    path.join(runDir, 'truth'),
  ];
  const startSimulator = (args: string[]) =>
    children.start('simulator', process.execPath, [...simulatorArgs, ...args], { ...env, LOG_LEVEL: 'warn' });
  // --cold-start: started with the storm below, as the processes start (no registries first).
  let holding: Child | undefined;
  if (!COLD_START) {
    const started = startSimulator(['--events-after', goFile]);
    holding = started;
    await waitUntil(
      async () => {
        if (!started.alive()) throw new Error(`simulator exited early (see ${runDir}/simulator.log)`);
        const log = await readFile(path.join(runDir, 'simulator.log'), 'utf8').catch(() => '');
        return log.includes('registries published') ? true : undefined;
      },
      { deadlineMs: 300_000, intervalMs: 250, describe: () => `simulator has not published the registries` },
    );
    say('registries published (the simulator holds the events)');
  }

  const unexpected: { name: string; code: number | null; signal: string | null; at: number }[] = [];
  const processors: (Child | undefined)[] = [undefined, undefined];
  // Each instance's ops port (/health, /metrics), chosen here so the sampler can scrape it.
  const processorBases = new Map<string, string>();
  const expectedExit = new Set<Child>();
  const startProcessors = async (i: number) => {
    const name = `processors-${i + 1}`;
    const opsPort = await freePort();
    processorBases.set(name, `http://127.0.0.1:${opsPort}`);
    const child = children.start(name, process.execPath, app(name).args, {
      ...appEnv,
      ...app(name).env,
      ONEGRID_ROLE: 'processors',
      ONEGRID_MIGRATE: 'off',
      ONEGRID_HTTP_PORT: String(opsPort),
      // Registries are published first here: an unknown id is a planted fault, and reconcile
      // expects its dead letter before the run ends: held for less than the drain's QUIET_MS.
      ONEGRID_HOLD_GRACE_S: '10',
      // e.g. `--cpu-prof --cpu-prof-dir=<dir>`: the first instance's profile (its first start
      // only: a SIGKILLed process writes none), beside the server's.
      ...(i === 0 && processors[0] === undefined && process.env.ONEGRID_SOAK_PROCESSORS_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.ONEGRID_SOAK_PROCESSORS_NODE_OPTIONS }
        : {}),
    });
    processors[i] = child;
    // An instance that dies on its own is a finding: said, and kept in the summary.
    void child.exited.then(({ code, signal }) => {
      if (expectedExit.has(child)) return;
      unexpected.push({ name: child.name, code, signal, at: Date.now() });
      say(`${child.name} exited on its own (${code ?? signal}): see ${runDir}/${child.name}.log`);
    });
  };
  const processorsStarted = Date.now();
  const readySeconds = () => ((Date.now() - processorsStarted) / 1000).toFixed(1);
  await startProcessors(0);
  await startProcessors(1);
  const aliveProcessors = () => processors.filter((p) => p?.alive() === true).length;
  await waitUntil(
    async () => {
      const groups = await groupLags(admin, PROCESSOR_GROUPS).catch(() => undefined);
      return groups?.every((g) => g.state === 'Stable' && g.members === 2 && g.assigned === g.partitions)
        ? true
        : undefined;
    },
    {
      deadlineMs: 240_000,
      intervalMs: 2_000,
      describe: async () =>
        `processor groups not all Stable with 2 members: ${JSON.stringify(
          (await groupLags(admin, PROCESSOR_GROUPS).catch(() => [])).map((g) => [
            g.group,
            g.state,
            g.members,
          ]),
        )}`,
    },
  );
  say(`processors: 2 instances, ${PROCESSOR_GROUPS.length} groups Stable, partitions split between them`);
  // Ready as a deployment means it before a storm: every group read to its topic's end (the
  // archives have stored the registries), each instance's and the server's /health/ready.
  // --cold-start: not waited for; the storm comes as the processes start.
  if (!COLD_START) {
    await waitUntil(
      async () => {
        const groups = await groupLags(admin, PROCESSOR_GROUPS).catch(() => undefined);
        if (groups?.some((g) => g.lag > 0) !== false) return undefined;
        const urls = [base, ...processorBases.values()].map((b) => `${b}/health/ready`);
        const statuses = await Promise.all(urls.map(fetchStatus));
        return statuses.every((s) => s === 200) ? true : undefined;
      },
      {
        deadlineMs: 240_000,
        intervalMs: 1_000,
        describe: async () =>
          `not caught up or not ready: ${JSON.stringify(
            (await groupLags(admin, PROCESSOR_GROUPS).catch(() => [])).filter((g) => g.lag > 0),
          )}`,
      },
    );
    say(
      `processors ready: every group at its topic's end, /health/ready 200 (${readySeconds()} s after their start)`,
    );
    // Ready but degraded (a process gave up waiting for its readers): said, the run goes on.
    for (const b of [base, ...processorBases.values()]) {
      const body = (await fetch(`${b}/health/ready`)
        .then((r) => r.json())
        .catch(() => undefined)) as { status?: string; components?: { warm?: unknown } } | undefined;
      if (body?.status === 'degraded')
        say(`${b} ready but degraded: ${JSON.stringify(body.components?.warm)}`);
    }
  }

  // ---- the feed client that measures latency and keeps the screens' copy ------------------
  const latency = new LatencyProbe();
  await latency.start(kafka);
  const feedUrl = `ws://127.0.0.1:${httpPort}/api/feed?token=${TOKEN}`;
  const channels = [...FEED_CHANNELS];
  const screen = new FeedReplica(feedUrl, channels, latency.onDelta);
  await screen.open();
  let stalled: FeedReplica | undefined;

  // ---- sampler: lag, groups, ISR, health, feed metrics every 2 s ---------------------------
  const samples: Sample[] = [];
  const ownLoop = monitorEventLoopDelay({ resolution: 10 });
  ownLoop.enable();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const started = Date.now();
      const sample = await takeSample(admin, base, aliveProcessors(), processorBases);
      sample.loop.soak = { max: ownLoop.max / 1e6, p99: ownLoop.percentile(99) / 1e6 };
      ownLoop.reset();
      samples.push(sample);
      appendFileSync(path.join(runDir, 'samples.jsonl'), `${JSON.stringify(samples.at(-1))}\n`);
      await sleep(Math.max(0, SAMPLE_MS - (Date.now() - started)));
    }
  })();

  // ---- the storm: the events held until now (--cold-start: the simulator spawned now) -----
  // The windows count from here: the events' release, or with --cold-start the simulator's spawn
  // (its registries and events both after it, as before 2026-12-07). Not the same window: a
  // figure of one mode is not compared with one of the other as a gain (docs/measurements.md).
  if (holding !== undefined) await writeFile(goFile, `${new Date().toISOString()}\n`);
  const simulator = holding ?? startSimulator([]);
  const t0 = Date.now();
  say(
    `simulator: ${HOUSEHOLDS} households, ${HOURS} h at ×${SPEEDUP} (≈ ${((HOURS * 60) / SPEEDUP).toFixed(1)} min): ${
      COLD_START ? 'spawned (cold start: registries and events from now)' : 'events released'
    }`,
  );
  const events: FaultEvent[] = [];
  const mark = (name: string) => {
    events.push({ name, at: Date.now() });
    say(`fault: ${name}`);
  };
  const at = async (minute: number) => {
    const wait = t0 + minute * SCALE * MIN - Date.now();
    if (wait > 0) await sleep(wait);
  };
  const cpu: Record<string, number> = {};
  const addCpu = (name: string, pid: number) => {
    cpu[name] = (cpu[name] ?? 0) + (cpuSeconds(pid) ?? 0);
  };
  const chDownMs = Math.max(15_000, 60_000 * SCALE);
  const faults = values['no-faults']
    ? Promise.resolve()
    : (async () => {
        await at(4);
        await runAsync('bash', [KAFKA_SH, 'kill-node', '2']);
        mark('broker 2 killed (SIGKILL)');
        await at(6);
        await runAsync('bash', [KAFKA_SH, 'start-node', '2']);
        mark('broker 2 restarted');
        await at(8);
        const victim = processors[1];
        if (victim !== undefined) {
          addCpu('processors', victim.pid);
          expectedExit.add(victim);
        }
        await victim?.kill();
        mark('processors-2 killed (SIGKILL)');
        await at(9);
        await startProcessors(1);
        mark('processors-2 restarted');
        await at(11);
        addCpu('chdb-server', chdb.pid);
        await chdb.stop();
        mark(`chdb-server stopped for ${chDownMs / 1000} s`);
        await sleep(chDownMs);
        chdb = await startChdb(chdbPort);
        mark('chdb-server restarted');
        await at(13);
        stalled = new FeedReplica(feedUrl, channels);
        await stalled.open();
        stalled.stall();
        mark('feed client stalled (stops reading its socket)');
      })();
  // Awaited after the simulator; until then a failed fault (a broker that would not start under
  // load) must not end the process as an unhandled rejection, before the cleanup and the report.
  faults.catch(() => undefined);
  const simulated = await simulator.exited;
  addCpu('simulator', simulator.pid);
  await faults;
  if (simulated.code !== 0) {
    throw new Error(
      `simulator exited with ${simulated.code ?? simulated.signal} (see ${runDir}/simulator.log)`,
    );
  }
  const replayEnd = Date.now();
  say(`simulator finished in ${((replayEnd - t0) / 1000).toFixed(0)} s; waiting for the processors to drain`);

  // ---- drain: every group read to the end, nothing moving for QUIET_MS --------------------
  let previous = '';
  let quietSince = Date.now();
  await waitUntil(
    () => {
      const last = samples.at(-1);
      if (last?.groups == null) return undefined;
      const idle = last.groups.every((g) => g.lag === 0);
      const signature = JSON.stringify(last.groups.map((g) => g.position));
      if (!idle || signature !== previous) {
        previous = signature;
        quietSince = Date.now();
        return undefined;
      }
      return Date.now() - quietSince >= QUIET_MS ? true : undefined;
    },
    {
      deadlineMs: 20 * MIN,
      intervalMs: 1_000,
      describe: () => `still lagging: ${JSON.stringify(samples.at(-1)?.groups?.filter((g) => g.lag > 0))}`,
    },
  );
  const drained = Date.now();
  say(`drained ${((drained - replayEnd) / 1000).toFixed(0)} s after the simulator finished`);
  sampling = false;
  await sampler;

  // Processors stop cleanly (flush every sink, commit); the server polls their last rows. Both
  // at once, as a deployment is shut down: one after the other, the second would take over the
  // first one's partitions while itself stopping, and what it then published would be left for
  // an archive that has already stopped.
  await Promise.all(
    processors.map(async (p, i) => {
      if (p === undefined || !p.alive()) return;
      expectedExit.add(p);
      addCpu('processors', p.pid);
      await p.stop();
      say(`processors-${i + 1} stopped`);
    }),
  );
  const capture = await settleScreens(base, screen, channels);
  await writeFile(path.join(runDir, 'screens.json'), `${JSON.stringify(capture)}\n`);
  for (const child of [server, chdb]) addCpu(child.name, child.pid);
  for (const n of [1, 2, 3]) {
    const pid = Number(
      await readFile(path.join(ROOT, `.onegrid/kafka/cluster/node-${n}/kafka.pid`), 'utf8').catch(() => ''),
    );
    if (pid > 0) addCpu('kafka brokers', pid);
  }

  // ---- reconciliation -------------------------------------------------------------------
  say('reconciliation: produced vs ClickHouse vs screens');
  const clickhouse: ClickHouseClient = await connectClickHouse(chdbUrl);
  let report: ReconcileReport;
  try {
    report = await reconcile({ runDir, clickhouse, kafka });
  } finally {
    await clickhouse.close();
  }
  await writeFile(path.join(runDir, 'reconcile.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatReport(report));

  // ---- figures ----------------------------------------------------------------------------
  const summaryJson = JSON.parse(await readFile(path.join(runDir, 'truth/summary.json'), 'utf8')) as {
    replay: { sent: number; elapsedMs: number };
  };
  // Each copy of the pushed inputs on its own (the archive's, the live lane's), by its earliest append.
  const latencySamples = [...latency.samples, ...latency.copyHops(), ...loopSamples(samples)];
  await writeFile(
    path.join(runDir, 'latency.jsonl'),
    latencySamples.map((s) => JSON.stringify(s)).join('\n'),
  );
  const stallAt = events.find((e) => e.name.startsWith('feed client stalled'))?.at;
  const latencyFigures: Record<string, Percentiles> = {};
  for (const c of LATENCY_CHANNELS) {
    latencyFigures[c] = percentiles(latencySamples, c, t0, drained);
    if (stallAt !== undefined) {
      latencyFigures[`${c} before the stall`] = percentiles(latencySamples, c, t0, stallAt);
      latencyFigures[`${c} during the stall`] = percentiles(latencySamples, c, stallAt, replayEnd);
    }
  }
  // Per phase (before the faults, each fault's window, after): which fault, if any, made a tail.
  const latencyPhases = latencyByPhase(latencySamples, phasesOf(t0, events, drained));
  const summary = {
    run: runId,
    machine: { cores: 2, node: process.version },
    parameters: {
      minutes: MINUTES,
      households: HOUSEHOLDS,
      speedup: SPEEDUP,
      hours: HOURS,
      landfall_hour: LANDFALL,
      seed: SEED,
      start: COLD_START ? 'cold' : 'ready',
    },
    seconds: { replay: (replayEnd - t0) / 1000, drain: (drained - replayEnd) / 1000 },
    throughput: throughput(samples, summaryJson.replay, t0, replayEnd),
    latency_ms: latencyFigures,
    latency_by_phase_ms: latencyPhases,
    latency_unmatched: latency.unmatched(),
    faults: recoveries(samples, events, stalled, latency.samples, t0),
    fault_times: events.map((e) => ({ name: e.name, minute: Number(((e.at - t0) / MIN).toFixed(2)) })),
    unexpected_exits: unexpected,
    feed_client: { ...screen.stats },
    cpu_seconds: cpu,
    load_1m: loadRange(samples, t0, drained),
    reconciliation: {
      differences: report.differences.length,
      topics: report.topics.length,
      notes: report.notes,
    },
  };
  await writeFile(path.join(runDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  printSummary(summary);

  stalled?.close();
  screen.close();
  await latency.stop();
  await admin.disconnect();
  await server.stop();
  await chdb.stop();
  if (values.keep) {
    say(
      `Kafka left running (--keep): node test/soak/reconcile.ts --run-dir ${runDir}; bash infra/kafka/kafka.sh stop --cluster`,
    );
  }
  stopCluster();
  say(`done: ${runDir}`);
  return report.differences.length === 0 ? 0 : 1;

  async function startChdb(port: number): Promise<Child> {
    const child = children.start(
      'chdb-server',
      process.execPath,
      nodeEntry('packages/chdb-server/src/main.ts', 'chdb-server').args,
      {
        ...process.env,
        ...nodeEntry('packages/chdb-server/src/main.ts', 'chdb-server').env,
        ONEGRID_CHDB_PATH: path.join(runDir, 'chdb'),
        ONEGRID_CHDB_SERVER_PORT: String(port),
        ONEGRID_CHDB_SERVER_TOKEN: chdbToken,
        LOG_LEVEL: 'info',
      },
    );
    await waitUntil(
      async () => ((await fetchStatus(`http://127.0.0.1:${port}/ping`)) === 200 ? true : undefined),
      {
        deadlineMs: 60_000,
        intervalMs: 200,
        describe: () =>
          `chdb-server not answering on ${port} (see ${runDir}/chdb-server.log); alive: ${child.alive()}`,
      },
    );
    return child;
  }
}

async function fetchStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

async function takeSample(
  admin: Admin,
  base: string,
  processors: number,
  processorBases: ReadonlyMap<string, string>,
): Promise<Sample & { loop: Record<string, { max: number; p99: number }> }> {
  const errors: string[] = [];
  const safe = async <T>(what: string, f: () => Promise<T>): Promise<T | null> => {
    try {
      return await f();
    } catch (error) {
      errors.push(`${what}: ${(error as Error).message}`);
      return null;
    }
  };
  const metricsOf = async (url: string) =>
    (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const [groups, under, health, serverMetrics, ...processorMetrics] = await Promise.all([
    safe('groups', () => groupLags(admin, PROCESSOR_GROUPS)),
    safe('isr', () =>
      underReplicated(admin, [...ALL_TOPICS, ...Object.values(INTERNAL_TOPICS), SCREEN_LANE_TOPIC]),
    ),
    safe('health', async () => {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json()) as { components?: Record<string, { ok?: boolean }> };
      return {
        status: response.status,
        kafka: body.components?.kafka?.ok === true,
        clickhouse: body.components?.clickhouse?.ok === true,
      };
    }),
    safe('metrics', () => metricsOf(base)),
    // A killed instance's port refuses: no figure for it, not an error of the run.
    ...[...processorBases.values()].map((url) => metricsOf(url).catch(() => null)),
  ]);
  const loop: Record<string, { max: number; p99: number }> = {};
  const serverLoop = serverMetrics === null ? undefined : loopDelay(serverMetrics);
  if (serverLoop !== undefined) loop.server = serverLoop;
  [...processorBases.keys()].forEach((name, i) => {
    const text = processorMetrics[i];
    const delay = text === null || text === undefined ? undefined : loopDelay(text);
    if (delay !== undefined) loop[name] = delay;
  });
  return {
    at: Date.now(),
    groups,
    underReplicated: under,
    health,
    processors,
    feed: serverMetrics === null ? {} : feedMetrics(serverMetrics),
    loop,
    load: loadavg()[0] ?? Number.NaN,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
}

/** The host's 1-minute load average over the replay and drain: lowest, highest, and in the first minute. */
function loadRange(samples: readonly Sample[], from: number, to: number) {
  const during = samples.filter((s) => s.at >= from && s.at <= to && s.load !== undefined);
  const loads = during.map((s) => s.load ?? 0);
  const first = during.filter((s) => s.at < from + MIN).map((s) => s.load ?? 0);
  const round = (n: number) => Math.round(n * 10) / 10;
  return loads.length === 0
    ? null
    : {
        min: round(Math.min(...loads)),
        max: round(Math.max(...loads)),
        first_minute_max: first.length === 0 ? null : round(Math.max(...first)),
      };
}

/** Each sampled process's longest loop delay per sample, as rows of the phase table. */
function loopSamples(samples: readonly Sample[]): LatencySample[] {
  return samples.flatMap((s) =>
    Object.entries(s.loop ?? {}).map(([name, delay]) => ({
      channel: `loop delay ${name}`,
      at: s.at,
      ms: delay.max,
    })),
  );
}

/** Event-loop delay since the last scrape, ms, from prom-client's default metrics. */
function loopDelay(text: string): { max: number; p99: number } | undefined {
  const value = (name: string) => {
    const m = new RegExp(`^nodejs_eventloop_lag_${name}_seconds ([\\d.e+-]+)$`, 'm').exec(text);
    return m === null ? Number.NaN : Number(m[1]) * 1000;
  };
  const max = value('max');
  return Number.isFinite(max) ? { max, p99: value('p99') } : undefined;
}

/** The feed's slow-client counters and client count from the server's Prometheus text. */
function feedMetrics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m =
      /^onegrid_feed_(slow_clients_total\{action="(\w+)"\}|clients|dead_clients_total) ([\d.e+]+)$/.exec(
        line,
      );
    if (m === null) continue;
    out[m[2] === undefined ? (m[1] ?? '') : `slow_${m[2]}`] = Number(m[3]);
  }
  return out;
}

/** Waits until the server's channels stop changing and the client's copy equals them. */
async function settleScreens(base: string, screen: FeedReplica, channels: readonly string[]) {
  const state = async () => {
    const api: Record<string, { seq: number; as_of: string | null; data: Record<string, unknown> }> = {};
    for (const c of channels) {
      const response = await fetch(`${base}/api/state/${c}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (!response.ok) throw new Error(`GET /api/state/${c}: ${response.status} ${await response.text()}`);
      api[c] = (await response.json()) as {
        seq: number;
        as_of: string | null;
        data: Record<string, unknown>;
      };
    }
    return api;
  };
  const polled = channels.filter((c) => c !== 'pipeline');
  let last = '';
  let stableSince = Date.now();
  return waitUntil(
    async () => {
      const api = await state();
      const replica = screen.toJSON();
      const seqs = JSON.stringify(polled.map((c) => api[c]?.seq));
      if (seqs !== last) {
        last = seqs;
        stableSince = Date.now();
        return undefined;
      }
      const same = polled.every((c) => replica[c]?.seq === api[c]?.seq);
      // Three poll rounds (2 s each) without a change: the pollers have read the last rows.
      return same && Date.now() - stableSince >= 8_000 ? { replica, api } : undefined;
    },
    { deadlineMs: 120_000, intervalMs: 1_000, describe: () => `screens still changing: ${last}` },
  );
}

/** Messages per second: produced by the simulator, read by the archives of the input topics. */
function throughput(
  samples: readonly Sample[],
  replay: { sent: number; elapsedMs: number },
  t0: number,
  replayEnd: number,
) {
  const inputGroups = new Set(INPUT_TOPICS.map((t) => `onegrid.archive.${t}`));
  const read = (s: Sample | undefined) =>
    s?.groups?.filter((g) => inputGroups.has(g.group)).reduce((sum, g) => sum + g.position, 0) ?? 0;
  const utility = (s: Sample | undefined) =>
    s?.groups?.find((g) => g.group === 'onegrid.utility-inactivity')?.position ?? 0;
  const during = samples.filter((s) => s.groups !== null && s.at >= t0 && s.at <= replayEnd);
  let peak = 0;
  for (let i = 0, j = 0; i < during.length; i++) {
    const a = during[i];
    while (j < during.length && (during[j]?.at ?? 0) - (a?.at ?? 0) < 30_000) j++;
    const b = during[j - 1];
    if (a !== undefined && b !== undefined && b.at - a.at >= 20_000) {
      peak = Math.max(peak, ((read(b) - read(a)) * 1000) / (b.at - a.at));
    }
  }
  const first = samples.find((s) => s.groups !== null);
  const last = samples.findLast((s) => s.groups !== null);
  const seconds = ((last?.at ?? 0) - (first?.at ?? 0)) / 1000;
  return {
    produced_per_s: Math.round((replay.sent * 1000) / replay.elapsedMs),
    produced_total: replay.sent,
    archived_per_s: Math.round((read(last) - read(first)) / seconds),
    archived_peak_30s_per_s: Math.round(peak),
    utility_per_s: Math.round((utility(last) - utility(first)) / seconds),
    max_total_lag: Math.max(0, ...samples.map((s) => s.groups?.reduce((sum, g) => sum + g.lag, 0) ?? 0)),
  };
}

/** Every group Stable, every partition owned, each group's lag under 10 s of its topic's input. */
function caughtUp(samples: readonly Sample[], i: number, members?: number): boolean {
  const s = samples[i];
  if (s?.groups == null) return false;
  const before = samples.slice(0, i).findLast((p) => p.groups !== null && s.at - p.at >= 30_000);
  return s.groups.every((g) => {
    if (g.state !== 'Stable' || g.assigned !== g.partitions) return false;
    if (members !== undefined && g.members !== members) return false;
    const old = before?.groups?.find((o) => o.group === g.group);
    const rate =
      old === undefined || before === undefined ? 0 : ((g.end - old.end) * 1000) / (s.at - before.at);
    return g.lag <= Math.max(1_000, rate * 10);
  });
}

function recoveries(
  samples: readonly Sample[],
  events: readonly FaultEvent[],
  stalled: FeedReplica | undefined,
  screen: readonly LatencySample[],
  t0: number,
) {
  const time = (name: string) => events.find((e) => e.name.startsWith(name))?.at;
  const firstAfter = (from: number | undefined, ok: (s: Sample, i: number) => boolean) => {
    if (from === undefined) return null;
    const i = samples.findIndex((s, k) => s.at >= from && ok(s, k));
    return i < 0 ? null : ((samples[i]?.at ?? 0) - from) / 1000;
  };
  const maxLag = (from: number | undefined, to: number | undefined) =>
    from === undefined
      ? null
      : Math.max(
          0,
          ...samples
            .filter((s) => s.at >= from && s.at <= (to ?? from + 3 * MIN))
            .map((s) => s.groups?.reduce((sum, g) => sum + g.lag, 0) ?? 0),
        );
  const brokerKilled = time('broker 2 killed');
  const brokerBack = time('broker 2 restarted');
  const procKilled = time('processors-2 killed');
  const procBack = time('processors-2 restarted');
  const chStopped = time('chdb-server stopped');
  const chBack = time('chdb-server restarted');
  const stallAt = time('feed client stalled');
  const counter = (s: Sample, name: string) => s.feed[name] ?? 0;
  const atStall = samples.findLast((s) => stallAt !== undefined && s.at <= stallAt);
  return {
    broker_kill: {
      caught_up_after_kill_s: firstAfter(brokerKilled, (_, i) => caughtUp(samples, i)),
      max_total_lag_while_down: maxLag(brokerKilled, brokerBack),
      isr_full_after_restart_s: firstAfter(
        brokerBack,
        (s, i) => s.underReplicated === 0 && caughtUp(samples, i),
      ),
    },
    processor_sigkill: {
      partitions_reassigned_after_kill_s: firstAfter(procKilled, (_, i) => caughtUp(samples, i, 1)),
      max_total_lag_while_one_instance: maxLag(procKilled, procBack),
      both_instances_serving_after_restart_s: firstAfter(procBack, (_, i) => caughtUp(samples, i, 2)),
    },
    clickhouse_down: {
      health_reports_it_after_s: firstAfter(chStopped, (s) => s.health !== null && !s.health.clickhouse),
      max_total_lag_while_down: maxLag(chStopped, chBack),
      // Risk scores reach the screen every 20 s or so at ×10: does the outage freeze them?
      risk_longest_silence_while_down_s:
        chStopped === undefined || chBack === undefined
          ? null
          : longestSilence(screen, 'risk', chStopped, chBack),
      // The same length of time just before, for comparison.
      risk_longest_silence_before_s:
        chStopped === undefined || chBack === undefined
          ? null
          : longestSilence(screen, 'risk', Math.max(t0, 2 * chStopped - chBack), chStopped),
      caught_up_after_restart_s: firstAfter(
        chBack,
        (s, i) => s.health?.clickhouse === true && s.health.status === 200 && caughtUp(samples, i),
      ),
    },
    feed_stall: {
      server_paused_it_after_s: firstAfter(
        stallAt,
        (s) => counter(s, 'slow_paused') > counter(atStall ?? s, 'slow_paused'),
      ),
      server_dropped_it_after_s: firstAfter(
        stallAt,
        (s) => counter(s, 'slow_dropped') > counter(atStall ?? s, 'slow_dropped'),
      ),
      // A client that stops reading does not answer the heartbeat ping either: cut as a dead peer.
      server_cut_it_as_dead_after_s: firstAfter(
        stallAt,
        (s) => counter(s, 'dead_clients_total') > counter(atStall ?? s, 'dead_clients_total'),
      ),
      stalled_client_closes: stalled?.stats.closes ?? [],
    },
  };
}

function printSummary(summary: {
  throughput: ReturnType<typeof throughput>;
  latency_ms: Record<string, Percentiles>;
  latency_by_phase_ms: ReturnType<typeof latencyByPhase>;
  faults: ReturnType<typeof recoveries>;
  seconds: { replay: number; drain: number };
  reconciliation: { differences: number };
  load_1m: ReturnType<typeof loadRange>;
  feed_client: { gaps: number; reconnects: number; snapshots: number; deltas: number };
  latency_unmatched: number;
}) {
  console.log('\n==== soak summary ====');
  console.log(`replay ${summary.seconds.replay.toFixed(0)} s, drain ${summary.seconds.drain.toFixed(0)} s`);
  console.log(`host load (1 min) during: ${JSON.stringify(summary.load_1m)}`);
  console.log(`throughput: ${JSON.stringify(summary.throughput)}`);
  console.log(
    [
      'latency, input (alerts, risk: the processor emitting) → feed client (ms), the target is p99 ≤ 1,000 for every channel:',
      '  gauges, weather, evacuation, resources, tickets: from the INPUT message (simulator → archive',
      '  or ticket processor → internal topic → server → client); `<channel> ← output`: the same',
      "  changes from the processor's message on the internal topic (the server's part alone);",
      "  `<channel> input → output`: the processors' part; `input readable`: input stamp → read here;",
      '  alerts, risk: from their output topic (onegrid.alerts, onegrid.risk-scores).',
    ].join('\n'),
  );
  // The whole run here; before / during the stall stay in summary.json (the phase table splits finer).
  for (const [channel, p] of Object.entries(summary.latency_ms).filter(([c]) => !c.endsWith(' the stall'))) {
    console.log(
      `  ${channel.padEnd(26)} n ${String(p.n).padStart(6)}  p50 ${p.p50}  p99 ${p.p99}  max ${p.max}`,
    );
  }
  console.log(`  screen changes not matched to a Kafka message: ${summary.latency_unmatched}`);
  console.log(formatPhaseTable(summary.latency_by_phase_ms));
  console.log(`feed client: ${JSON.stringify(summary.feed_client)}`);
  console.log('faults:');
  for (const [name, figures] of Object.entries(summary.faults))
    console.log(`  ${name}: ${JSON.stringify(figures)}`);
  console.log(`reconciliation differences: ${summary.reconciliation.differences}`);
}

try {
  process.exitCode = await main();
} catch (error) {
  say(`FAILED: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  children.killAllNow();
  stopCluster();
  // kafkajs and pending timers may hold the loop open: the figures are written, end here.
  setTimeout(() => process.exit(), 2_000).unref();
}
