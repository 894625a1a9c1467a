import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.ts';

// runMain ends its process, so each case runs it in a child node: a main whose start fails, or
// one that runs (a timer keeps it alive, as a server's socket does) until a signal, then stops
// cleanly or not.
const RUN_MAIN = fileURLToPath(new URL('./run-main.ts', import.meta.url));

function child(startBody: string): { proc: ChildProcess; output: () => string } {
  const script = `
    import { runMain } from ${JSON.stringify(RUN_MAIN)};
    const log = (level) => (fields, msg) => console.log(JSON.stringify({ level, msg, ...fields, err: fields.err?.message }));
    const logger = { fatal: log('fatal'), error: log('error'), info: log('info') };
    await runMain(logger, 'demo', async () => { ${startBody} });
    console.log('ready'); // runMain has returned: the signal handlers are on
  `;
  const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
  let out = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return { proc, output: () => out };
}

const exited = async (proc: ChildProcess) => {
  const [code] = (await once(proc, 'exit')) as [number | null];
  return code;
};

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const untilReady = (run: { output: () => string }) =>
  waitUntil(() => (run.output().includes('ready') ? true : undefined), {
    deadlineMs: 20_000,
    intervalMs: 20,
    describe: () => `the child never started: ${run.output()}`,
  });

describe('runMain', () => {
  it('a start that throws: logged as fatal with its name, exit code 1', async () => {
    const run = child(`throw new Error('no config');`);
    expect(await exited(run.proc)).toBe(1);
    expect(lines(run.output())).toEqual([{ level: 'fatal', msg: 'demo failed to start', err: 'no config' }]);
  });

  it('SIGTERM stops it once and exits 0', async () => {
    const run = child(`const t = setInterval(() => {}, 1000);
      return { stop: async () => { clearInterval(t); console.log('stopped'); } };`);
    await untilReady(run);
    run.proc.kill('SIGTERM');
    run.proc.kill('SIGINT'); // while stopping: ignored
    expect(await exited(run.proc)).toBe(0);
    expect(run.output()).toContain('"msg":"stopping","signal":"SIGTERM"');
    expect(run.output().match(/stopped/g)).toHaveLength(1);
  });

  it('an unclean stop on SIGINT is logged and exits 1', async () => {
    const run = child(`setInterval(() => {}, 1000);
      return { stop: async () => { throw new Error('stuck'); } };`);
    await untilReady(run);
    run.proc.kill('SIGINT');
    expect(await exited(run.proc)).toBe(1);
    expect(lines(run.output()).at(-1)).toEqual({ level: 'error', msg: 'unclean stop', err: 'stuck' });
  });
});
