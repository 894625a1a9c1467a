import { readFileSync } from 'node:fs';

/** CAP_SYS_NICE, bit 23 of a Linux capability set. */
const CAP_SYS_NICE = 23n;

/**
 * Whether this process may renice threads, which the embedded engine needs to run an analyst's
 * query at `os_thread_priority` (it silently skips the setting without CAP_SYS_NICE, and the
 * analysts' threads then compete with the processors' at equal priority). Reads the effective
 * capabilities from /proc/self/status; false where there is none (not Linux).
 */
export function canLowerQueryPriority(status: () => string = readProcStatus): boolean {
  let text: string;
  try {
    text = status();
  } catch {
    // No /proc (not Linux): the engine cannot renice there either.
    return false;
  }
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(text)?.[1];
  return effective !== undefined && ((BigInt(`0x${effective}`) >> CAP_SYS_NICE) & 1n) === 1n;
}

function readProcStatus(): string {
  return readFileSync('/proc/self/status', 'utf8');
}
