import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One error vocabulary: every error class a package declares roots at OnegridError (code,
// retriable, cause), so a retry loop can read `retriable` of anything onegrid throws. A new
// `class … extends Error` (a merged branch, a quick helper) fails here.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage']);

function sources(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

/** The built-in error classes a declaration may not extend directly. */
export function rootsAtBuiltIn(text: string): string[] {
  return [...text.matchAll(/class\s+(\w+)(?:<[^>]*>)?\s+extends\s+(Error|TypeError|RangeError)\b/g)].map(
    (m) => `${m[1]} extends ${m[2]}`,
  );
}

describe('errors > one base', () => {
  it('finds a class extending a built-in error', () => {
    expect(rootsAtBuiltIn('export class FooError extends Error {')).toEqual(['FooError extends Error']);
    expect(rootsAtBuiltIn('class Bar<C extends string> extends RangeError {}')).toEqual([
      'Bar extends RangeError',
    ]);
    expect(rootsAtBuiltIn('export class StoreError extends OnegridError<StoreErrorCode> {}')).toEqual([]);
  });

  it('no package outside packages/errors declares an error on Error itself', () => {
    const base = path.join(ROOT, 'packages/errors');
    const offenders = ['packages', 'dashboards']
      .flatMap((dir) => sources(path.join(ROOT, dir)))
      .filter((file) => !file.startsWith(`${base}${path.sep}`))
      .flatMap((file) =>
        rootsAtBuiltIn(readFileSync(file, 'utf8')).map((c) => `${path.relative(ROOT, file)}: ${c}`),
      );
    expect(offenders).toEqual([]);
  });
});
