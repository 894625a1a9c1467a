/**
 * Writes a generator's truth as JSON Lines (truth.jsonl), buffered and synchronous so the
 * generator's synchronous sink can call it, and the final summary (summary.json) beside it.
 * Knows nothing of what an entry says: each generator owns its truth format.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const FLUSH_BYTES = 1 << 20;

export interface TruthFile<E> {
  path: string;
  write(entry: E): void;
  /** Flushes, closes, and writes summary.json. */
  close(summary: object): void;
}

export function openTruthFile<E>(dir: string): TruthFile<E> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'truth.jsonl');
  const fd = openSync(path, 'w');
  let buffer = '';
  const flush = () => {
    if (buffer.length > 0) writeSync(fd, buffer);
    buffer = '';
  };
  return {
    path,
    write(entry) {
      buffer += `${JSON.stringify(entry)}\n`;
      if (buffer.length >= FLUSH_BYTES) flush();
    },
    close(summary) {
      flush();
      closeSync(fd);
      writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    },
  };
}

export interface TruthOutput<E> {
  /** Writes every entry to truth.jsonl (when there is a dir) and keeps those for the summary. */
  write(entry: E): void;
  /**
   * Writes summary.json: each kept entry under its type, then `extra`'s fields, in that order.
   * Returns truth.jsonl's path, or null without a dir.
   */
  finish(extra: object): string | null;
}

/** The CLIs' truth: optional files, plus the entries of the `keep` types gathered for the summary. */
export function truthOutput<E extends { type: string }>(
  dir: string | undefined,
  keep: readonly E['type'][],
): TruthOutput<E> {
  const file = dir ? openTruthFile<E>(dir) : null;
  const kept: E[] = [];
  return {
    write(entry) {
      file?.write(entry);
      if (keep.includes(entry.type)) kept.push(entry);
    },
    finish(extra) {
      file?.close({ ...Object.fromEntries(kept.map((e) => [e.type, e])), ...extra });
      return file?.path ?? null;
    },
  };
}
