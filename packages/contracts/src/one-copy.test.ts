import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One thing, one copy: instants are written as text by `time.ts` and alert ids made by
// `alerts.ts` of this package. Four `isoCst` once rounded milliseconds differently, and alert ids
// had three forms; a stored key or id that changes format double-counts after an upgrade. A new
// local copy (a merged branch, a quick test helper) fails here.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage']);
const HOMES = new Set([
  'packages/contracts/src/time.ts',
  'packages/contracts/src/alerts.ts',
  'packages/contracts/src/one-copy.test.ts', // its own examples
]);

function sources(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) found.push(full);
  }
  return found;
}

/** Declarations of an instant writer or alert-id maker (`isoCst…`, `alertId`) in `text`. */
export function ownCopies(text: string): string[] {
  return [...text.matchAll(/\b(?:function|const|let|var)\s+(isoCst\w*|alertId)\b/g)].map(
    (m) => m[1] as string,
  );
}

describe('contracts > one copy', () => {
  it('finds a local isoCst or alertId', () => {
    expect(ownCopies('const isoCst = (t: number) => new Date(t).toISOString();')).toEqual(['isoCst']);
    expect(ownCopies('export function isoCstSeconds(ms: number) {}')).toEqual(['isoCstSeconds']);
    expect(ownCopies("export const alertId = (t, s) => t + ':' + s;")).toEqual(['alertId']);
    expect(ownCopies("import { alertId, isoCst } from '@onegrid/contracts';")).toEqual([]);
    expect(ownCopies('export const overdueAlertId = (s) => alertId(s);')).toEqual([]);
  });

  it('no file outside contracts/src/{time,alerts}.ts declares its own', () => {
    const offenders = ['packages', 'dashboards', 'test']
      .flatMap((dir) => sources(path.join(ROOT, dir)))
      .filter((file) => !HOMES.has(path.relative(ROOT, file).split(path.sep).join('/')))
      .flatMap((file) =>
        ownCopies(readFileSync(file, 'utf8')).map((c) => `${path.relative(ROOT, file)}: ${c}`),
      );
    expect(offenders).toEqual([]);
  });

  // An id no registry knows is `unknown_id` everywhere (the decoder's DecodeError code, the
  // typhoon, ticket and utility models' dispositions). Other `unknown`s mean something else and
  // stay: a resource's `final_status: 'unknown'` (the contract), a wind arrival of unknown time,
  // a re-drive requested by nobody named.
  it('names an unknown id unknown_id, never unknown_<thing>', () => {
    const other = /['"`]unknown_(?!id\b)[a-z]+['"`]/g;
    const offenders = ['packages', 'dashboards', 'test']
      .flatMap((dir) => sources(path.join(ROOT, dir)))
      .filter((file) => !file.endsWith('one-copy.test.ts'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(other)].map((m) => `${path.relative(ROOT, file)}: ${m[0]}`),
      );
    expect(offenders).toEqual([]);
  });
});
