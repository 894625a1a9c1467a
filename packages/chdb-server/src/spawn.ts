import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAX_LOG_LINES = 1_000;
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

export interface SpawnedChdbServer {
  /** What CLICKHOUSE_URL should say, with the token: `http://default:<token>@127.0.0.1:40123`. */
  readonly url: string;
  /** The server's token (the password in `url`). */
  readonly token: string;
  readonly port: number;
  readonly pid: number;
  /** The server's latest log lines (JSON), for tests that wait for one. */
  readonly logs: readonly string[];
  /** SIGTERM, then wait for the exit: the statement in flight finishes first. Resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  /** The chDB data folder (one server per folder). */
  readonly path: string;
  /** 0 (default): a free port the system picks. */
  readonly port?: number;
  readonly host?: string;
  readonly startTimeoutMs?: number;
  /** Extra environment (LOG_LEVEL, ONEGRID_CHDB_SERVER_BODY_LIMIT_MB). */
  readonly env?: Readonly<Record<string, string>>;
  /** The token to require; default a new random one (a restart on the same folder may pass the old). */
  readonly token?: string;
}

/**
 * Starts `src/main.ts` in a child process and resolves once it listens: for tests, benchmarks
 * and fault drills that need the server as the separate process it is in use.
 */
export function spawnChdbServer(options: SpawnOptions): Promise<SpawnedChdbServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      ...options.env,
      ONEGRID_CHDB_SERVER_TOKEN: token,
      ONEGRID_CHDB_PATH: options.path,
      ONEGRID_CHDB_SERVER_HOST: options.host ?? '127.0.0.1',
      ONEGRID_CHDB_SERVER_PORT: String(options.port ?? 0),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const logs: string[] = [];
  createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).on('line', (line) => {
    logs.push(line);
    if (logs.length > MAX_LOG_LINES) logs.splice(0, logs.length - MAX_LOG_LINES);
  });
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const output = () => [...logs.slice(-20), ...errors].join('\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chdb-server did not listen within ${timeoutMs} ms: ${output()}`));
    }, timeoutMs);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`chdb-server exited with ${code} before listening: ${output()}`));
    });
    child.on('message', (message) => {
      const url = (message as { listening?: unknown }).listening;
      if (typeof url !== 'string') return;
      clearTimeout(timer);
      child.disconnect();
      const withToken = new URL(url);
      withToken.username = 'default';
      withToken.password = token;
      resolve({
        url: withToken.toString().replace(/\/$/, ''),
        token,
        port: Number(new URL(url).port),
        pid: child.pid ?? -1,
        logs,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}
