/**
 * Writes the truth as JSON Lines (truth.jsonl), buffered and synchronous so the generator's
 * synchronous sink can call it, and the final summary (summary.json) beside it.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TruthEntry, TruthSink } from '../truth.ts';

const FLUSH_BYTES = 1 << 20;

export interface TruthFile extends TruthSink {
  path: string;
  /** Flushes, closes, and writes summary.json with the entries kept for it. */
  close(summary: object): void;
}

export function openTruthFile(dir: string): TruthFile {
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
    write(entry: TruthEntry) {
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
