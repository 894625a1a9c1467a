import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

// The processes of one test run, found by the token every one of them inherits in its
// environment (ONEGRID_TEST_RUN): a tree walk or a process group misses a child spawned
// `detached` whose parent has gone (kafka.sh's runner, Playwright's Chromium).

export const RUN_TOKEN_VAR = 'ONEGRID_TEST_RUN';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  /** utime + stime, clock ticks. */
  readonly cpu: number;
}

export const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

export const readProc = (pid: number): Proc | undefined => {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === '') return undefined; // gone
  // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime"
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    cpu: Number(fields[11]) + Number(fields[12]),
  };
};

export const commandLine = (pid: number): string =>
  readText(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ').replaceAll(ROOT, '.');

const environment = (pid: number): string[] => readText(`/proc/${pid}/environ`).split('\0');

/** Live (not zombie) processes carrying `token`, this process excepted. */
export function processesOfRun(token: string): Proc[] {
  const mark = `${RUN_TOKEN_VAR}=${token}`;
  const found: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid || !environment(pid).includes(mark)) continue;
    const p = readProc(pid);
    if (p !== undefined && p.state !== 'Z') found.push(p);
  }
  return found;
}

/** A Node process (its executable is node), whose NODE_OPTIONS carry `flag`. */
export function isNodeWith(pid: number, flag: string): boolean {
  let exe: string;
  try {
    exe = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return false;
  }
  if (path.basename(exe) !== 'node') return false;
  return environment(pid).some((entry) => entry.startsWith('NODE_OPTIONS=') && entry.includes(flag));
}

export const signal = (pid: number, sig: NodeJS.Signals): void => {
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops every process of the run: SIGTERM, then SIGKILL to those left after 5 s. Returns them, named. */
export async function stopRun(token: string): Promise<string[]> {
  const first = processesOfRun(token);
  const named = first.map((p) => `${p.pid} ${commandLine(p.pid).slice(0, 140)}`);
  for (const p of first) signal(p.pid, 'SIGTERM');
  const until = Date.now() + 5_000;
  while (Date.now() < until && processesOfRun(token).length > 0) await sleep(200);
  for (const p of processesOfRun(token)) signal(p.pid, 'SIGKILL');
  return named;
}
