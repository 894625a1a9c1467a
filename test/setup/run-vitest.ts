// Runs `vitest <args>` under a watchdog, and stops the run with what each of its processes was
// doing when:
// - a test worker's event loop has not turned for ONEGRID_TEST_BLOCKED_S (default 180; the
//   workers' heartbeat, heartbeat.ts): vitest's own timeouts are timers on that same loop and
//   never fire (CI, 2026-12-07: a kafkajs consumer spun in microtasks, 83 silent minutes until
//   the CI's 90-minute limit killed the run, with no word of where it stood);
// - no test, hook or file has moved for ONEGRID_TEST_STALL_S (default 960: the longest test
//   timeout here is 900 s);
// - the run passes ONEGRID_TEST_LIMIT_S (default 3600), or comes within 2 minutes of
//   ONEGRID_TEST_DEADLINE_MS (an absolute time: `./onegrid test` sets the CI's own limit);
// - vitest has not exited a minute after its run ended (a process a test left holding a
//   worker's stdout keeps vitest waiting for that pipe's end forever).
// Then it exits 124 (1 for the last case). After vitest exits, any process of the run still alive
// is named and stopped: one would hold the console's pipe open and keep a CI waiting.

import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { describeRun, REPORT_FLAG } from './describe-run.ts';
import type { TestProgress } from './progress-reporter.ts';
import { processesOfRun, RUN_TOKEN_VAR, readProc, signal, stopRun } from './run-processes.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = path.join(ROOT, '.onegrid', 'test-run');
/** This run's own folder: two runs in one checkout do not share one. */
const STATE = path.join(RUNS, String(process.pid));
const PROGRESS = path.join(STATE, 'progress.json');
const REPORTS = path.join(STATE, 'reports');
const HEARTBEAT = path.join(STATE, 'heartbeat');
/** Written by the global set-up when it started the single broker: only then is it ours to stop. */
const STARTED_KAFKA = path.join(STATE, 'started-kafka');
const EXIT_GRACE_MS = 60_000;
/** Kept for describing and stopping before an absolute deadline. */
const DEADLINE_MARGIN_MS = 120_000;

const seconds = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of seconds, got '${raw}'`);
  return value;
};
const blockedMs = seconds('ONEGRID_TEST_BLOCKED_S', 180) * 1000;
const stallMs = seconds('ONEGRID_TEST_STALL_S', 960) * 1000;
const started = Date.now();
const deadline = Math.min(
  started + seconds('ONEGRID_TEST_LIMIT_S', 3600) * 1000,
  Number(process.env.ONEGRID_TEST_DEADLINE_MS ?? Number.POSITIVE_INFINITY) - DEADLINE_MARGIN_MS,
);

const say = (line: string): void => {
  process.stderr.write(`[watchdog] ${line}\n`);
};

const readProgress = (): TestProgress | undefined => {
  try {
    return JSON.parse(readFileSync(PROGRESS, 'utf8')) as TestProgress;
  } catch {
    return undefined;
  }
};

const describeRunning = (progress: TestProgress | undefined): string =>
  progress === undefined || progress.running.length === 0
    ? 'no file running'
    : progress.running.map((r) => `${r.file}: ${r.doing}`).join('; ');

/** The oldest heartbeat of a worker still alive: [pid, ms since it beat]. */
const stalestWorker = (now: number): [number, number] | undefined => {
  if (!existsSync(HEARTBEAT)) return undefined;
  let stalest: [number, number] | undefined;
  for (const name of readdirSync(HEARTBEAT)) {
    const pid = Number(name);
    const p = readProc(pid);
    if (p === undefined || p.state === 'Z') continue;
    let age: number;
    try {
      age = now - statSync(path.join(HEARTBEAT, name)).mtimeMs;
    } catch {
      continue;
    }
    if (stalest === undefined || age > stalest[1]) stalest = [pid, age];
  }
  return stalest;
};

/** The brokers live in sessions of their own (kafka.sh setsid's them): stopped by their script. */
const stopBrokers = (): void => {
  // The single broker only when this run started it (one already running is the user's).
  const which = existsSync(STARTED_KAFKA) ? [['stop'], ['stop', '--cluster']] : [['stop', '--cluster']];
  for (const args of which) {
    const result = spawnSync('bash', [path.join(ROOT, 'infra/kafka/kafka.sh'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    const last = (result.stderr ?? '').trim().split('\n').at(-1) ?? '';
    say(`kafka.sh ${args.join(' ')}: exit ${result.status ?? result.signal} ${last}`);
  }
};

// ---- the run ---------------------------------------------------------------------------------

// Folders of earlier runs whose runner is gone.
if (existsSync(RUNS))
  for (const name of readdirSync(RUNS))
    if (/^\d+$/.test(name) && readProc(Number(name)) === undefined)
      rmSync(path.join(RUNS, name), { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const token = randomUUID();
// SIGUSR2 writes a report (stack, handles) from the event loop; SIGUSR1 then opens the inspector
// on a free port, which can pause a blocked loop (paused-stack.ts). The folder is quoted: Node
// parses NODE_OPTIONS with shell-like quotes.
const nodeOptions = [
  process.env.NODE_OPTIONS ?? '',
  REPORT_FLAG,
  '--report-signal=SIGUSR2',
  `--report-directory="${REPORTS}"`,
  '--inspect-port=0',
]
  .join(' ')
  .trim();
const args = process.argv.slice(2);
// A --reporter on the command line replaces the config's reporters: the progress one is added back.
if (args.some((a) => a.startsWith('--reporter'))) args.push('--reporter=./test/setup/progress-reporter.ts');
const vitest = spawn(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  // Its own process group: a Ctrl-C forwarded to the whole of it.
  detached: true,
  env: {
    ...process.env,
    [RUN_TOKEN_VAR]: token,
    ONEGRID_TEST_STATE: STATE,
    ONEGRID_TEST_PROGRESS: PROGRESS,
    ONEGRID_TEST_HEARTBEAT: HEARTBEAT,
    NODE_OPTIONS: nodeOptions,
  },
});
vitest.on('error', (error) => {
  say(`could not start vitest: ${error.message}`);
  process.exit(1);
});

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    if (vitest.pid !== undefined) signal(-vitest.pid, sig);
  });

let lastSeen = 0;
let lastMoved = Date.now();
let stopping = false;

const why = (now: number, progress: TestProgress | undefined): string | undefined => {
  if (progress?.ended !== undefined && now - lastMoved > EXIT_GRACE_MS)
    return `vitest has not exited ${Math.round((now - lastMoved) / 1000)} s after its run ended (${progress.ended}): a process of the run holds it`;
  const stalest = stalestWorker(now);
  if (stalest !== undefined && stalest[1] > blockedMs)
    return `the event loop of test worker ${stalest[0]} has not turned for ${Math.round(stalest[1] / 1000)} s`;
  if (now - lastMoved > stallMs)
    return `no test, hook or file has moved for ${Math.round((now - lastMoved) / 1000)} s`;
  if (now > deadline) return `the run has taken ${Math.round((now - started) / 1000)} s, its limit`;
  return undefined;
};

async function stopStuckRun(reason: string, progress: TestProgress | undefined): Promise<never> {
  const running = describeRunning(progress);
  let summary: string[] = [];
  let stopped: string[] = [];
  try {
    say(`${reason}; running: ${running}. What each process of the run is doing:`);
    summary = await describeRun(token, REPORTS, say);
  } catch (error) {
    say(`could not describe the run's processes: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    stopped = await stopRun(token);
    stopBrokers();
  }
  say(`the test run was stopped: ${reason}.`);
  say(`running then: ${running}`);
  for (const line of summary) say(line);
  for (const line of stopped.slice(0, 12)) say(`stopped: ${line}`);
  // A run that ended but could not exit still fails: the leaked process is a bug.
  process.exit(progress?.ended === undefined ? 124 : 1);
}

const watch = setInterval(() => {
  const progress = readProgress();
  if (progress !== undefined && progress.at !== lastSeen) {
    lastSeen = progress.at;
    lastMoved = Date.now();
  }
  const reason = why(Date.now(), progress);
  if (reason === undefined || stopping) return;
  stopping = true;
  void stopStuckRun(reason, progress);
}, 5_000);

vitest.on('exit', (code, sig) => {
  if (stopping) return;
  stopping = true;
  clearInterval(watch);
  void (async () => {
    // Vitest's own helpers (its watchdog child) go within moments of it: only what stays is a leak.
    const until = Date.now() + 3_000;
    while (Date.now() < until && processesOfRun(token).length > 0)
      await new Promise((r) => setTimeout(r, 200));
    const left = await stopRun(token);
    if (left.length > 0) {
      say(
        `${left.length} processes of the test run outlived it and were stopped (a test left them running):`,
      );
      for (const line of left) say(`  ${line}`);
    }
    process.exit(code ?? 128 + (sig === null ? 0 : (constants.signals[sig] ?? 0)));
  })();
});
