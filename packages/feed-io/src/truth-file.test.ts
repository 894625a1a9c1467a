import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { truthOutput } from './truth-file.ts';

type Entry =
  | { type: 'scenario'; seed: number }
  | { type: 'incident'; id: string }
  | { type: 'counts'; total: number };

describe('truth-file > truthOutput', () => {
  it('writes every entry as a line and keeps the chosen types for summary.json, then extra fields', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'feed-io-')), 'nested');
    const out = truthOutput<Entry>(dir, ['scenario', 'counts']);
    out.write({ type: 'scenario', seed: 3 });
    out.write({ type: 'incident', id: 'a' });
    out.write({ type: 'counts', total: 2 });
    expect(out.finish({ replay: { sent: 2 } })).toBe(join(dir, 'truth.jsonl'));
    expect(readFileSync(join(dir, 'truth.jsonl'), 'utf8')).toBe(
      '{"type":"scenario","seed":3}\n{"type":"incident","id":"a"}\n{"type":"counts","total":2}\n',
    );
    const summary = readFileSync(join(dir, 'summary.json'), 'utf8');
    expect(Object.keys(JSON.parse(summary))).toEqual(['scenario', 'counts', 'replay']);
    expect(summary.endsWith('}\n')).toBe(true);
  });

  it('writes nothing and returns null without a dir', () => {
    const out = truthOutput<Entry>(undefined, ['scenario']);
    out.write({ type: 'scenario', seed: 1 });
    expect(out.finish({})).toBeNull();
  });
});
