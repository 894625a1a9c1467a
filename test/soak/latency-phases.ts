// The soak's latency per phase of the run: before the faults, each fault's window (from the fault
// to the next event), after them. A channel's p99 over the whole run says that a tail exists;
// this says which fault, if any, made it. Also a CLI that prints the table of a finished run:
//
//   node test/soak/latency-phases.ts --run-dir .onegrid/soak/<run>
//
// (from its latency.jsonl and the times in its soak.log, to the second: runs before
// 2026-12-06 wrote no phases of their own).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LATENCY_CHANNELS, type LatencySample, type Percentiles, percentiles } from './latency.ts';

export interface Phase {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** Short names of the soak's fault events (soak.ts `mark`), for the table's columns. */
const SHORT: readonly [string, string][] = [
  ['broker 2 killed', 'broker 2 down'],
  ['broker 2 restarted', 'broker 2 back'],
  ['processors-2 killed', 'proc-2 killed'],
  ['processors-2 restarted', 'proc-2 back'],
  ['chdb-server stopped', 'chdb down'],
  ['chdb-server restarted', 'chdb back'],
  ['feed client stalled', 'client stalled'],
];
const shortName = (event: string) => SHORT.find(([long]) => event.startsWith(long))?.[1] ?? event;

/** Consecutive windows: [start, first event), [each event, the next), [last event, end). */
export function phasesOf(
  start: number,
  events: readonly { name: string; at: number }[],
  end: number,
): Phase[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const phases: Phase[] = [];
  let from = start;
  let name = sorted.length === 0 ? 'no faults' : 'before faults';
  for (const e of sorted) {
    phases.push({ name, from, to: e.at });
    from = e.at;
    name = shortName(e.name);
  }
  phases.push({ name, from, to: end });
  return phases;
}

export type PhaseTable = Record<string, Record<string, Percentiles & { from_s: number; to_s: number }>>;

/** Per channel, per phase: n, p50, p99, max (ms), with each phase's bounds in seconds from `start`. */
export function latencyByPhase(samples: readonly LatencySample[], phases: readonly Phase[]): PhaseTable {
  const start = phases[0]?.from ?? 0;
  const table: PhaseTable = {};
  for (const channel of LATENCY_CHANNELS) {
    const row: PhaseTable[string] = {};
    for (const p of phases) {
      row[p.name] = {
        ...percentiles(samples, channel, p.from, p.to),
        from_s: Math.round((p.from - start) / 1000),
        to_s: Math.round((p.to - start) / 1000),
      };
    }
    table[channel] = row;
  }
  return table;
}

/** The table as text: one line per channel, `p50/p99 (n)` per phase; `–` where nothing changed. */
export function formatPhaseTable(table: PhaseTable): string {
  const channels = Object.keys(table);
  const phases = Object.keys(table[channels[0] ?? ''] ?? {});
  const width = 17;
  const label = 32;
  const first = table[channels[0] ?? ''] ?? {};
  const lines = [
    'latency by phase, ms: p50/p99 (n) of the screen changes received in each window',
    `  ${'window, s from the replay start'.padEnd(label)}${phases
      .map((p) => `${first[p]?.from_s}-${first[p]?.to_s} s`.padEnd(width))
      .join('')}`,
    `  ${'channel'.padEnd(label)}${phases.map((p) => p.padEnd(width)).join('')}`,
  ];
  for (const channel of channels) {
    const cells = phases.map((p) => {
      const f = table[channel]?.[p];
      return (f === undefined || f.n === 0 ? '–' : `${f.p50}/${f.p99} (${f.n})`).padEnd(width);
    });
    lines.push(`  ${channel.padEnd(label)}${cells.join('')}`);
  }
  return lines.join('\n');
}

/** Phases of a finished run from its soak.log (`[soak HH:MM:SS] …` lines, the run id's date). */
export function phasesFromLog(runDir: string): Phase[] {
  const log = readFileSync(path.join(runDir, 'soak.log'), 'utf8').split('\n');
  const day = path.basename(runDir).slice(0, 10);
  const at = (line: string) => Date.parse(`${day}T${line.slice(6, 14)}Z`);
  const start = log.find((l) => l.includes('] simulator: '));
  const end = log.find((l) => l.includes('] drained '));
  if (start === undefined || end === undefined)
    throw new Error(`${runDir}/soak.log: no replay start or drain`);
  const events = log
    .filter((l) => l.includes('] fault: '))
    .map((l) => ({ name: l.slice(l.indexOf('fault: ') + 7), at: at(l) }));
  return phasesOf(at(start), events, at(end));
}

/**
 * Fixed windows of `windowMs` from the replay start up to `untilMs` after it (the start burst
 * read 10 s at a time), named by their bounds in seconds.
 */
export function fixedWindows(phases: readonly Phase[], windowMs: number, untilMs: number): Phase[] {
  // A window of 0 (or NaN from a typo) would never advance: refused, not looped on.
  if (!(windowMs > 0) || !(untilMs > 0))
    throw new RangeError(`window and span must be > 0 ms, got ${windowMs}, ${untilMs}`);
  const start = phases[0]?.from ?? 0;
  const end = Math.min(phases.at(-1)?.to ?? start, start + untilMs);
  const windows: Phase[] = [];
  for (let from = start; from < end; from += windowMs) {
    const to = Math.min(end, from + windowMs);
    windows.push({ name: `${(from - start) / 1000}-${(to - start) / 1000} s`, from, to });
  }
  return windows;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { 'run-dir': { type: 'string' }, 'window-s': { type: 'string' }, 'until-s': { type: 'string' } },
  });
  const runDir = values['run-dir'];
  if (runDir === undefined)
    throw new Error('usage: node test/soak/latency-phases.ts --run-dir <dir> [--window-s 10 --until-s 90]');
  const samples = readFileSync(path.join(runDir, 'latency.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LatencySample);
  const phases = phasesFromLog(runDir);
  // --window-s: fixed windows instead of the faults' (the start burst, 10 s at a time).
  const windows =
    values['window-s'] === undefined
      ? phases
      : fixedWindows(phases, Number(values['window-s']) * 1000, Number(values['until-s'] ?? '90') * 1000);
  console.log(formatPhaseTable(latencyByPhase(samples, windows)));
}
