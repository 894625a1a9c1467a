import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.ts';

// runMain ends its process, so each case runs it in a child node: a main whose start fails, or
// one that runs (a timer keeps it alive, as a server's socket does) until a signal, then stops
// cleanly or not.
const RUN_MAIN = fileURLToPath(new URL('./run-main.ts', import.meta.url));

function child(startBody: string, after = ''): { proc: ChildProcess; output: () => string } {
  const script = `
    import { runMain } from ${JSON.stringify(RUN_MAIN)};
    const log = (level) => (fields, msg) => console.log(JSON.stringify({ level, msg, ...fields, err: fields.err?.message }));
    const logger = { fatal: log('fatal'), error: log('error'), info: log('info') };
    await runMain(logger, 'demo', async () => { ${startBody} });
    console.log('ready'); // runMain has returned: the signal handlers are on
    ${after}
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

const untilSaid = (run: { output: () => string }, text: string) =>
  waitUntil(() => (run.output().includes(text) ? true : undefined), {
    deadlineMs: 20_000,
    intervalMs: 20,
    describe: () => `the child never said ${text}: ${run.output()}`,
  });

describe('runMain', () => {
  it('a start that throws: logged as fatal with its name, exit code 1', async () => {
    const run = child(`throw new Error('no config');`);
    expect(await exited(run.proc)).toBe(1);
    expect(lines(run.output())).toEqual([{ level: 'fatal', msg: 'demo failed to start', err: 'no config' }]);
  });

  it('SIGTERM stops it once (a signal while stopping is ignored) and exits 0', async () => {
    // The stop waits for a line on stdin, so that the second signal surely comes while stopping;
    // a listener of the child's own, after runMain's, says when that signal was handled.
    const run = child(
      `const t = setInterval(() => {}, 1000);
      return { stop: async () => {
        await new Promise((resolve) => process.stdin.once('data', resolve));
        clearInterval(t);
        console.log('stopped');
      } };`,
      `process.on('SIGINT', () => console.log('second signal seen'));`,
    );
    await untilSaid(run, 'ready');
    run.proc.kill('SIGTERM');
    await untilSaid(run, '"msg":"stopping"');
    run.proc.kill('SIGINT');
    await untilSaid(run, 'second signal seen');
    run.proc.stdin?.write('go\n');
    expect(await exited(run.proc)).toBe(0);
    expect(lines(run.output())).toEqual([{ level: 'info', msg: 'stopping', signal: 'SIGTERM' }]);
    expect(run.output().match(/stopped/g)).toHaveLength(1);
  });

  it('an unclean stop on SIGINT is logged and exits 1', async () => {
    const run = child(`setInterval(() => {}, 1000);
      return { stop: async () => { throw new Error('stuck'); } };`);
    await untilSaid(run, 'ready');
    run.proc.kill('SIGINT');
    expect(await exited(run.proc)).toBe(1);
    expect(lines(run.output()).at(-1)).toEqual({ level: 'error', msg: 'unclean stop', err: 'stuck' });
  });
});
