// The demo's progress line, updated in place on a terminal (a line every 10 s into a pipe):
//   node packages/app/src/demo/progress-cli.ts <app url> <display token> <simulator log> <simulator pid>
// Reads the simulator's output file, the app's /health (processors' lag) and its alerts state.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseProgress, parseWindow, progressLine } from './progress.ts';

const [url, token, simulatorLog, simulatorPid] = process.argv.slice(2);
if (url === undefined || token === undefined || simulatorLog === undefined) {
  console.error('usage: progress-cli.ts <app url> <display token> <simulator log> [simulator pid]');
  process.exit(2);
}

async function json(path: string): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(2_000),
  });
  return response.json();
}

async function lag(): Promise<number | undefined> {
  const health = (await json('/health').catch(() => undefined)) as
    | { components?: { processors?: { processors?: { lag: number }[] } } }
    | undefined;
  const list = health?.components?.processors?.processors;
  // A partition that has never received a message reports an infinite lag: not a backlog.
  return list?.reduce((sum, p) => sum + (Number.isFinite(p.lag) ? p.lag : 0), 0);
}

async function openAlerts(): Promise<number | undefined> {
  const state = (await json('/api/state/alerts').catch(() => undefined)) as
    | { data?: Record<string, { status?: string }> }
    | undefined;
  return state?.data === undefined
    ? undefined
    : Object.values(state.data).filter((a) => a.status === 'open').length;
}

const simulatorRunning = (): boolean => {
  if (simulatorPid === undefined) return true;
  try {
    process.kill(Number(simulatorPid), 0);
    return true;
  } catch {
    return false;
  }
};

const tty = process.stdout.isTTY === true;
let printedAt = 0;
for (;;) {
  const text = await readFile(simulatorLog, 'utf8').catch(() => '');
  const done = !simulatorRunning();
  const line = progressLine({
    window: parseWindow(text),
    replay: parseProgress(text),
    lag: await lag(),
    openAlerts: await openAlerts(),
    done,
  });
  if (tty) process.stdout.write(`\r\x1b[2K${line}`);
  else if (Date.now() - printedAt >= 10_000 || done) {
    process.stdout.write(`${line}\n`);
    printedAt = Date.now();
  }
  await sleep(1_000);
}
