import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// The JavaScript stack of a Node process whose event loop is blocked, through its inspector:
// SIGUSR1 opens the inspector from a thread of its own (the process's NODE_OPTIONS carry
// --inspect-port=0, so it takes a free port), and Debugger.pause interrupts running JavaScript.
// A diagnostic report (SIGUSR2) cannot: its handler runs on the event loop.

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Ports the process listens on, from its socket inodes in /proc/net/tcp{,6}. */
const listeningPorts = (pid: number): number[] => {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = (() => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      })();
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1] !== undefined) inodes.add(match[1]);
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "IP:PORT" in hex; state 0A is LISTEN; the inode is column 10.
      if (cols[3] === '0A' && cols[9] !== undefined && inodes.has(cols[9])) {
        ports.push(Number.parseInt(cols[1]?.split(':')[1] ?? '0', 16));
      }
    }
  }
  return ports;
};

/** A module vitest evaluated has no url: its inline source map names the file. */
const sourceOf = (sourceMapURL: string | undefined): string => {
  const match = /^data:application\/json[^,]*base64,(.*)$/.exec(sourceMapURL ?? '');
  if (match?.[1] === undefined) return '';
  try {
    const map = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as { sources?: string[] };
    return `${map.sources?.[0] ?? ''} (transformed)`;
  } catch {
    return '';
  }
};

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly location: {
    readonly scriptId: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
}

/** The inspector's websocket of the process, once SIGUSR1 has opened it (up to `waitMs`). */
async function inspectorUrl(pid: number, waitMs: number): Promise<string | undefined> {
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    for (const port of listeningPorts(pid)) {
      try {
        const list = (await (
          await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(2_000) })
        ).json()) as { webSocketDebuggerUrl?: string }[];
        const url = list[0]?.webSocketDebuggerUrl;
        if (url !== undefined) return url;
      } catch {
        // Not the inspector, or not yet.
      }
    }
    await sleep(300);
  }
  return undefined;
}

/**
 * Pauses the process and returns its stack as "function (file:line)" lines, or why not. The
 * process is resumed and its inspector left open (it is about to be stopped anyway).
 */
export async function pausedStack(pid: number, waitMs = 10_000): Promise<string[]> {
  try {
    process.kill(pid, 'SIGUSR1');
  } catch {
    return ['gone'];
  }
  const url = await inspectorUrl(pid, waitMs);
  if (url === undefined) return [`no inspector opened in ${waitMs / 1000} s`];
  return await new Promise<string[]>((resolve) => {
    const socket = new WebSocket(url);
    const done = (lines: string[]): void => {
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // Closing is best effort: the process is stopped next.
      }
      resolve(lines);
    };
    const timer = setTimeout(
      () => done([`no pause in ${waitMs / 1000} s (blocked in native code?)`]),
      waitMs,
    );
    // Debugger.enable announces every script: a frame names its script by id only.
    const scripts = new Map<string, string>();
    let id = 0;
    const send = (method: string): void => {
      id++;
      socket.send(JSON.stringify({ id, method }));
    };
    socket.addEventListener('open', () => {
      send('Debugger.enable');
      send('Debugger.pause');
    });
    socket.addEventListener('error', () => done(['inspector connection failed']));
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as {
        method?: string;
        params?: { callFrames?: CallFrame[]; scriptId?: string; url?: string; sourceMapURL?: string };
      };
      if (message.method === 'Debugger.scriptParsed' && message.params?.scriptId !== undefined)
        scripts.set(message.params.scriptId, message.params.url || sourceOf(message.params.sourceMapURL));
      if (message.method !== 'Debugger.paused') return;
      const frames = (message.params?.callFrames ?? []).map(
        (f) =>
          `${f.functionName || '(anonymous)'} (${(scripts.get(f.location.scriptId) || f.url).replace(`file://${process.cwd()}/`, '').replace(/node_modules\/\.pnpm\/[^/]+\/node_modules\//, 'node_modules/')}:${f.location.lineNumber + 1}:${f.location.columnNumber + 1})`,
      );
      send('Debugger.resume');
      done(frames.length > 0 ? frames : ['paused with no frames']);
    });
  });
}
