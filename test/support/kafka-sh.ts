import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KAFKA_SH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../infra/kafka/kafka.sh');

/** kafka.sh's start deadline here: a loaded 2-core machine can take minutes to start a JVM. */
const START_TIMEOUT_S = 300;
/** kafka.sh's own stop deadline (ONEGRID_KAFKA_STOP_TIMEOUT_S, not changed here). */
const STOP_TIMEOUT_S = 30;
/**
 * The most one kafka.sh call may take, above the script's own deadlines: its wait for the lock
 * (start + stop + 30 s), then a start (its deadline, a last probe's 40 s, a retried launch's 30 s
 * for the ports) and a minute more. Past it the call is SIGKILLed with its process group: a hung
 * call must neither hang the run nor hold the next call on its lock.
 */
export const KAFKA_SH_BOUND_MS =
  (START_TIMEOUT_S + STOP_TIMEOUT_S + 30 + START_TIMEOUT_S + 40 + 30 + 60) * 1_000;
/** Output kept of a call (its tail): the bootstrap servers are its last line, a failure's log its end. */
const OUTPUT_KEPT = 256 * 1024;

/**
 * Runs infra/kafka/kafka.sh, at most `boundMs`. In a process group of its own, killed whole at
 * the bound: its probes and sleeps too (the brokers it starts are in sessions of their own and
 * live on, as they should). Rejects with the script's output on a failure or an overrun.
 */
export function runKafkaSh(args: readonly string[], boundMs = KAFKA_SH_BOUND_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [KAFKA_SH, ...args], {
      env: { ...process.env, ONEGRID_KAFKA_START_TIMEOUT_S: String(START_TIMEOUT_S) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-OUTPUT_KEPT);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-OUTPUT_KEPT);
    });
    const failed = (why: string, cause?: unknown) =>
      new Error(`infra/kafka/kafka.sh ${args.join(' ')} ${why}:\n${stdout}\n${stderr}`, { cause });
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone between the timer and the kill.
      }
      reject(failed(`did not finish within ${boundMs / 1_000} s; killed (SIGKILL)`));
    }, boundMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(failed('could not be run', error));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      if (code === 0) resolve(stdout.trim());
      else reject(failed(`failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
