// CPU-seconds of this process by thread name (Linux /proc; elsewhere nothing): which threads
// besides the main one a run's CPU went to (V8's GC helpers, libuv's pool, chDB's own threads).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on

export type ThreadCpu = ReadonlyMap<string, number>;

/** CPU-seconds so far per thread name (threads of one name summed; digits folded). */
export function threadCpu(): ThreadCpu {
  const byName = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return byName;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // The name may hold spaces and brackets: the fields start after its last ')'.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close).replace(/\d+/g, '#');
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
      byName.set(name, (byName.get(name) ?? 0) + ticks / TICKS_PER_SECOND);
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}

/** The CPU-seconds each thread name used since `before`, largest first (exited threads are lost). */
export function threadCpuSince(before: ThreadCpu): [string, number][] {
  const now = threadCpu();
  return [...now]
    .map(([name, seconds]): [string, number] => [name, seconds - (before.get(name) ?? 0)])
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1]);
}
