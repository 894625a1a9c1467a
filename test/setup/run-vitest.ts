// Runs `vitest <args>` under a watchdog: when no test, hook or file has moved for
// ONEGRID_TEST_STALL_S (default 600) or the run has taken ONEGRID_TEST_LIMIT_S (default 3600),
// it prints what each of the run's processes was doing, stops them all and the brokers, and
// exits 124. Why: on 2026-12-07 the project's CI printed an e2e test's last log line and then
// nothing for 83 minutes until its 90-minute limit killed it, with no word of where it stood.
// Vitest's own timeouts are timers in the worker running the test: a worker whose event loop is
// blocked never fires them. No test here takes longer than 300 s (the longest timeout).
//
// After vitest exits, any process of the run still alive (a child a test spawned and did not
// stop) is named and stopped: one would hold the console's pipe open and keep a CI waiting.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pausedStack } from './paused-stack.ts';
import type { TestProgress } from './progress-reporter.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STATE = path.join(ROOT, '.onegrid', 'test-run');
const PROGRESS = path.join(STATE, 'progress.json');
const REPORTS = path.join(STATE, 'reports');
const REPORT_FLAG = '--report-on-signal';
/**
 * After vitest reports the run's end it exits within seconds, unless a process a test started
 * still holds a worker's stdout or stderr: vitest then waits for that pipe's end forever.
 */
const EXIT_GRACE_MS = 60_000;

const seconds = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of seconds, got '${raw}'`);
  return value;
};
const stallMs = seconds('ONEGRID_TEST_STALL_S', 600) * 1000;
const limitMs = seconds('ONEGRID_TEST_LIMIT_S', 3600) * 1000;

const say = (line: string): void => {
  process.stderr.write(`[watchdog] ${line}\n`);
};

// ---- processes ------------------------------------------------------------------------------

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly state: string;
  /** utime + stime, clock ticks. */
  readonly cpu: number;
}

const readProc = (pid: number): Proc | undefined => {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone
  }
  // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime"
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    cpu: Number(fields[11]) + Number(fields[12]),
  };
};

const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const commandLine = (pid: number): string =>
  readText(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ').replaceAll(ROOT, '.');

/** The run's processes: descendants of `root`, and its process group (orphans keep the group). */
const processesOf = (root: number): Proc[] => {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is Proc => p !== undefined);
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found = new Map<number, Proc>();
  const rootProc = all.find((p) => p.pid === root);
  const queue = rootProc === undefined ? [] : [rootProc];
  for (const p of all) if (p.pgid === root) queue.push(p);
  while (queue.length > 0) {
    const p = queue.shift() as Proc;
    if (found.has(p.pid) || p.pid === process.pid) continue;
    found.set(p.pid, p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return [...found.values()].filter((p) => p.state !== 'Z');
};

const signal = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
};

// ---- what each process was doing --------------------------------------------------------------

interface NodeReport {
  readonly header?: { readonly processId?: number };
  readonly javascriptStack?: { readonly message?: string; readonly stack?: readonly string[] };
  readonly libuv?: readonly {
    readonly type?: string;
    readonly is_active?: boolean;
    readonly remoteEndpoint?: { readonly port?: number };
  }[];
}

const reportsByPid = (): Map<number, NodeReport> => {
  const found = new Map<number, NodeReport>();
  if (!existsSync(REPORTS)) return found;
  for (const name of readdirSync(REPORTS)) {
    try {
      const report = JSON.parse(readFileSync(path.join(REPORTS, name), 'utf8')) as NodeReport;
      if (report.header?.processId !== undefined) found.set(report.header.processId, report);
    } catch {
      // Still being written: read at the next look.
    }
  }
  return found;
};

/**
 * Node processes of the run that write a diagnostic report on SIGUSR2 (the flag is in their
 * environment). Any other process inherits the variable too, and SIGUSR2 would end it.
 */
const reportsOnSignal = (pid: number): boolean => {
  let exe: string;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return false;
  }
  if (path.basename(exe) !== 'node') return false;
  const environ = readText(`/proc/${pid}/environ`);
  return environ
    .split('\0')
    .some((entry) => entry.startsWith('NODE_OPTIONS=') && entry.includes(REPORT_FLAG));
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks every Node process of the run for a diagnostic report (its JavaScript stack and libuv
 * handles). One that writes none is not returning to its event loop: its CPU over the wait and
 * its kernel wait channel tell a busy loop from a blocking call.
 */
async function describeProcesses(root: number): Promise<string[]> {
  const procs = processesOf(root);
  const asked = procs.filter((p) => reportsOnSignal(p.pid));
  const before = new Map(procs.map((p) => [p.pid, p.cpu]));
  for (const p of asked) signal(p.pid, 'SIGUSR2');
  const waitedFrom = Date.now();
  let reports = reportsByPid();
  while (Date.now() - waitedFrom < 20_000 && asked.some((p) => !reports.has(p.pid))) {
    await sleep(500);
    reports = reportsByPid();
  }
  const ticksPerS = 100; // USER_HZ on Linux
  const waitedS = (Date.now() - waitedFrom) / 1000;
  const summary: string[] = [];
  for (const p of procs) {
    const now = readProc(p.pid);
    const busy = now === undefined ? 0 : (now.cpu - (before.get(p.pid) ?? now.cpu)) / ticksPerS / waitedS;
    const wchan = readText(`/proc/${p.pid}/wchan`) || '-';
    const head = `pid ${p.pid} (parent ${p.ppid}) ${commandLine(p.pid).slice(0, 160)}`;
    say(head);
    say(
      `  state ${now?.state ?? 'gone'}, CPU ${(busy * 100).toFixed(0)} % over ${waitedS.toFixed(0)} s, kernel wait ${wchan}`,
    );
    if (!asked.includes(p)) continue;
    const report = reports.get(p.pid);
    if (report === undefined) {
      const running = busy > 0.5 || now?.state === 'R';
      const frames = await pausedStack(p.pid);
      say('  event loop blocked; its stack, paused through the inspector:');
      for (const frame of frames.slice(0, 25)) say(`    ${frame}`);
      summary.push(
        `pid ${p.pid}: no report in ${waitedS.toFixed(0)} s: its event loop is blocked (${running ? 'running' : `waiting in ${wchan}`}), in ${frames.slice(0, 3).join(' < ')}`,
      );
      continue;
    }
    const stack = report.javascriptStack?.stack ?? [];
    // Idle between events the stack is empty: the wait is elsewhere (handles below).
    if (stack.length > 0) say(`  JavaScript: ${report.javascriptStack?.message ?? ''}`);
    for (const frame of stack.slice(0, 25)) say(`    ${frame.trim()}`);
    const active = (report.libuv ?? []).filter((h) => h.is_active === true);
    const byType = new Map<string, number>();
    for (const h of active) byType.set(h.type ?? '?', (byType.get(h.type ?? '?') ?? 0) + 1);
    const ports = [...new Set(active.map((h) => h.remoteEndpoint?.port).filter((x) => x !== undefined))];
    say(
      `  active handles: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}; remote ports ${ports.join(',') || '-'}`,
    );
    summary.push(
      `pid ${p.pid}: event loop free (a wait with no timeout); handles ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}`,
    );
  }
  return summary;
}

// ---- stopping --------------------------------------------------------------------------------

async function stopAll(root: number): Promise<string[]> {
  const stopped: string[] = [];
  for (const p of processesOf(root)) {
    stopped.push(`${p.pid} ${commandLine(p.pid).slice(0, 120)}`);
    signal(p.pid, 'SIGTERM');
  }
  const until = Date.now() + 5_000;
  while (Date.now() < until && processesOf(root).length > 0) await sleep(200);
  for (const p of processesOf(root)) signal(p.pid, 'SIGKILL');
  return stopped;
}

/** The brokers are their own sessions (kafka.sh setsid's them): stopped by their script. */
const stopBrokers = (): void => {
  for (const args of [['stop'], ['stop', '--cluster']]) {
    const result = spawnSync('bash', [path.join(ROOT, 'infra/kafka/kafka.sh'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    say(
      `kafka.sh ${args.join(' ')}: exit ${result.status ?? result.signal} ${(result.stderr ?? '').trim().split('\n').at(-1) ?? ''}`,
    );
  }
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

// ---- the run ---------------------------------------------------------------------------------

rmSync(STATE, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });
const nodeOptions = [
  process.env.NODE_OPTIONS ?? '',
  REPORT_FLAG,
  '--report-signal=SIGUSR2',
  `--report-directory="${REPORTS}"`,
  // SIGUSR1 then opens the inspector on a free port: it can pause a blocked event loop, which
  // the report's handler (on that loop) cannot (paused-stack.ts).
  '--inspect-port=0',
]
  .join(' ')
  .trim();
const started = Date.now();
const vitest = spawn(
  process.execPath,
  [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
    // Its own process group: every process of the run found and stopped together.
    detached: true,
    env: { ...process.env, ONEGRID_TEST_PROGRESS: PROGRESS, NODE_OPTIONS: nodeOptions },
  },
);
const root = vitest.pid ?? -1;

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    signal(-root, sig);
  });

let lastSeen = 0;
let lastMoved = Date.now();
let stopping = false;

const watch = setInterval(() => {
  const progress = readProgress();
  if (progress !== undefined && progress.at !== lastSeen) {
    lastSeen = progress.at;
    lastMoved = Date.now();
  }
  const now = Date.now();
  let why: string | undefined;
  if (progress?.ended !== undefined && now - lastMoved > EXIT_GRACE_MS)
    why = `vitest has not exited ${Math.round((now - lastMoved) / 1000)} s after its run ended (${progress.ended}): a process of the run holds it`;
  else if (now - lastMoved > stallMs)
    why = `no test, hook or file has moved for ${Math.round((now - lastMoved) / 1000)} s`;
  else if (now - started > limitMs) why = `the run has taken ${Math.round((now - started) / 1000)} s`;
  if (why === undefined || stopping) return;
  stopping = true;
  void (async () => {
    const running = describeRunning(progress);
    say(`${why}; running: ${running}. What each process of the run is doing:`);
    const summary = await describeProcesses(root);
    const stopped = await stopAll(root);
    say(`stopped ${stopped.length} processes of the run`);
    stopBrokers();
    say(`the test run was stopped: ${why}.`);
    say(`running then: ${running}`);
    for (const line of summary) say(line);
    for (const line of stopped.slice(0, 12)) say(`stopped: ${line}`);
    // A run that ended passing but could not exit still fails: the leaked process is a bug.
    process.exit(progress?.ended === undefined ? 124 : 1);
  })();
}, 5_000);

vitest.on('exit', (code, sig) => {
  if (stopping) return;
  clearInterval(watch);
  void (async () => {
    const left = await stopAll(root);
    if (left.length > 0) {
      say(
        `${left.length} processes of the test run outlived it and were stopped (a test left them running):`,
      );
      for (const line of left) say(`  ${line}`);
    }
    process.exit(code ?? (sig === null ? 1 : 128));
  })();
});
