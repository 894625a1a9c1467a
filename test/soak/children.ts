// The soak's child processes: each one's output to its own log file, every one of them ended
// when the soak ends, however it ends (normal end, error, Ctrl-C).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly startedAt: number;
  /** Resolves with the exit code (null when ended by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
}

export class Children {
  readonly #logDir: string;
  readonly #running = new Set<{ child: ChildProcess; log: WriteStream }>();

  constructor(logDir: string) {
    this.#logDir = logDir;
  }

  /** Starts `node <script> ...args` (or another command) with its output appended to `<logDir>/<logName>.log`. */
  start(
    name: string,
    command: string,
    args: readonly string[],
    env: Record<string, string | undefined>,
    logName = name,
  ): Child {
    const log = createWriteStream(path.join(this.#logDir, `${logName}.log`), { flags: 'a' });
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const entry = { child, log };
    this.#running.add(entry);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => {
        this.#running.delete(entry);
        // Let the pipes drain what the process wrote last before closing its log.
        setTimeout(() => log.end(), 200);
        resolve({ code, signal });
      });
    });
    const alive = () => child.exitCode === null && child.signalCode === null;
    const pid = child.pid;
    return {
      name,
      pid,
      startedAt: Date.now(),
      exited,
      alive,
      async stop(graceMs = 30_000) {
        if (!alive()) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
      async kill() {
        if (!alive()) return;
        child.kill('SIGKILL');
        await exited;
      },
    };
  }

  /** SIGKILL whatever still runs, synchronously: for `process.on('exit')`. */
  killAllNow(): void {
    for (const { child } of this.#running) child.kill('SIGKILL');
  }
}

/**
 * Arguments and environment to run a Node entry point whose path stays out of the command line.
 * The machine is shared: a broad `pkill -f main.ts` elsewhere once stopped a soak's server and
 * processors mid-run; `ps` still shows them as `node … soak:<name>`.
 */
export function nodeEntry(file: string, name: string): { args: string[]; env: Record<string, string> } {
  return {
    args: ['--input-type=module', '-e', 'await import(process.env.ONEGRID_SOAK_ENTRY)', `soak:${name}`],
    env: { ONEGRID_SOAK_ENTRY: pathToFileURL(path.resolve(ROOT, file)).href },
  };
}

/** Runs a command to its end (kafka.sh and the like), throwing with its output when it fails. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${output.trim()}`,
    );
  }
  return output;
}

/** Like `run`, without blocking the event loop (the feed client must keep answering pings). */
export function runAsync(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}): ${output.trim()}`));
    });
  });
}

/** A TCP port nobody listens on right now (the system picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port from the system');
  return address.port;
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start after the last ')'; utime and
  // stime are the 14th and 15th, in clock ticks (100 per second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / 100 : undefined;
}
