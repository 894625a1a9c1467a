/**
 * Runs a generator's CLI as a child process, as fast as the broker takes it, with the truth in a
 * fresh temporary dir: what the e2e tests and the fingerprint script share. Rejects with the
 * child's error (exit code, stderr) when it fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface CliRun<S> {
  stdout: string;
  /** Holds truth.jsonl and summary.json. */
  dir: string;
  summary: S;
}

export async function runCli<S = unknown>(
  cliPath: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<CliRun<S>> {
  const dir = mkdtempSync(join(tmpdir(), 'onegrid-feed-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [cliPath, ...args, '--as-fast-as-possible', '--truth-dir', dir],
    { env, maxBuffer: 1 << 26 },
  );
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as S;
  return { stdout, dir, summary };
}
