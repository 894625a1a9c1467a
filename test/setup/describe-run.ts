import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pausedStack } from './paused-stack.ts';
import {
  commandLine,
  isNodeWith,
  type Proc,
  processesOfRun,
  readProc,
  readText,
  signal,
} from './run-processes.ts';

// What each process of a stuck test run is doing, for the watchdog's report: a Node process's
// diagnostic report (SIGUSR2: its stack and libuv handles, written from its event loop), or, when
// it writes none because that loop is blocked, its stack paused through the inspector.

export const REPORT_FLAG = '--report-on-signal';

interface NodeReport {
  readonly header?: { readonly processId?: number };
  readonly javascriptStack?: { readonly message?: string; readonly stack?: readonly string[] };
  readonly libuv?: readonly {
    readonly type?: string;
    readonly is_active?: boolean;
    readonly remoteEndpoint?: { readonly port?: number };
  }[];
}

const reportsByPid = (dir: string): Map<number, NodeReport> => {
  const found = new Map<number, NodeReport>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    try {
      const report = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as NodeReport;
      if (report.header?.processId !== undefined) found.set(report.header.processId, report);
    } catch {
      // Still being written: read at the next look.
    }
  }
  return found;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Prints (through `say`) every process of the run with its state, CPU and kernel wait, and for
 * each Node process its stack; returns one summary line per Node process.
 */
export async function describeRun(
  token: string,
  reports: string,
  say: (line: string) => void,
): Promise<string[]> {
  const procs = processesOfRun(token);
  const asked = procs.filter((p) => isNodeWith(p.pid, REPORT_FLAG));
  const before = new Map(procs.map((p) => [p.pid, p.cpu]));
  for (const p of asked) signal(p.pid, 'SIGUSR2');
  const waitedFrom = Date.now();
  let written = reportsByPid(reports);
  while (Date.now() - waitedFrom < 20_000 && asked.some((p) => !written.has(p.pid))) {
    await sleep(500);
    written = reportsByPid(reports);
  }
  const ticksPerS = 100; // USER_HZ on Linux
  const waitedS = (Date.now() - waitedFrom) / 1000;
  const summary: string[] = [];
  for (const p of procs) {
    const now = readProc(p.pid);
    const busy = now === undefined ? 0 : (now.cpu - (before.get(p.pid) ?? now.cpu)) / ticksPerS / waitedS;
    const wchan = readText(`/proc/${p.pid}/wchan`) || '-';
    say(`pid ${p.pid} (parent ${p.ppid}) ${commandLine(p.pid).slice(0, 160)}`);
    say(
      `  state ${now?.state ?? 'gone'}, CPU ${(busy * 100).toFixed(0)} % over ${waitedS.toFixed(0)} s, kernel wait ${wchan}`,
    );
    if (asked.includes(p)) summary.push(await describeNode(p, written.get(p.pid), busy, wchan, waitedS, say));
  }
  return summary;
}

async function describeNode(
  p: Proc,
  report: NodeReport | undefined,
  busy: number,
  wchan: string,
  waitedS: number,
  say: (line: string) => void,
): Promise<string> {
  if (report === undefined) {
    const running = busy > 0.5 || readProc(p.pid)?.state === 'R';
    const frames = await pausedStack(p.pid);
    say('  event loop blocked; its stack, paused through the inspector:');
    for (const frame of frames.slice(0, 25)) say(`    ${frame}`);
    return `pid ${p.pid}: no report in ${waitedS.toFixed(0)} s: its event loop is blocked (${running ? 'running' : `waiting in ${wchan}`}), in ${frames.slice(0, 3).join(' < ')}`;
  }
  const stack = report.javascriptStack?.stack ?? [];
  // Idle between events the stack is empty: what it waits for is in its handles.
  if (stack.length > 0) say(`  JavaScript: ${report.javascriptStack?.message ?? ''}`);
  for (const frame of stack.slice(0, 25)) say(`    ${frame.trim()}`);
  const active = (report.libuv ?? []).filter((h) => h.is_active === true);
  const byType = new Map<string, number>();
  for (const h of active) byType.set(h.type ?? '?', (byType.get(h.type ?? '?') ?? 0) + 1);
  const handles = [...byType].map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
  const ports = [...new Set(active.map((h) => h.remoteEndpoint?.port).filter((x) => x !== undefined))];
  say(`  active handles: ${handles}; remote ports ${ports.join(',') || '-'}`);
  return `pid ${p.pid}: answered (its event loop runs); handles ${handles}`;
}
