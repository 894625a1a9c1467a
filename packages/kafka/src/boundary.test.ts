import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// packages/kafka is the one Kafka adapter: only it may name a client library. A new import
// elsewhere (a merged branch, a quick test helper) fails here instead of spreading again.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const ADAPTER = path.join(ROOT, 'packages/kafka');
const CLIENT_LIBRARIES = ['kafkajs', '@platformatic/kafka'];
const SKIP = new Set(['node_modules', '.git', '.onegrid', 'dist', 'coverage']);
const SOURCE = /\.(ts|tsx|js|mjs|cjs|mts)$/;

function files(dir: string, match: (name: string) => boolean, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files(full, match, found);
    else if (match(entry.name)) found.push(full);
  }
  return found;
}

const outsideAdapter = (file: string) => !file.startsWith(`${ADAPTER}${path.sep}`);
const roots = ['packages', 'dashboards', 'test'].map((d) => path.join(ROOT, d));

/** Every module specifier of a client library in `text`: import, export … from, import(), require(). */
export function clientImports(text: string): string[] {
  const found: string[] = [];
  const specifier = /(?:from\s*|import\s*\(?\s*|require\s*\(\s*)['"]([^'"]+)['"]/g;
  for (const [, name] of text.matchAll(specifier)) {
    if (name !== undefined && CLIENT_LIBRARIES.some((lib) => name === lib || name.startsWith(`${lib}/`)))
      found.push(name);
  }
  return found;
}

describe('kafka > boundary', () => {
  it('finds the ways a module can be named', () => {
    expect(clientImports("import type { Admin } from 'kafkajs';")).toEqual(['kafkajs']);
    expect(clientImports('import { Kafka } from "kafkajs"')).toEqual(['kafkajs']);
    expect(clientImports("const k = await import('@platformatic/kafka');")).toEqual(['@platformatic/kafka']);
    expect(clientImports("export * from 'kafkajs/types';")).toEqual(['kafkajs/types']);
    expect(clientImports("import { x } from '@onegrid/kafka';")).toEqual([]);
  });

  it('no source file outside packages/kafka imports a Kafka client library', () => {
    const offenders = roots
      .flatMap((dir) => files(dir, (name) => SOURCE.test(name)))
      .filter(outsideAdapter)
      .filter((file) => clientImports(readFileSync(file, 'utf8')).length > 0)
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('no package.json outside packages/kafka depends on a Kafka client library', () => {
    const manifests = [
      path.join(ROOT, 'package.json'),
      ...roots.flatMap((dir) => files(dir, (n) => n === 'package.json')),
    ];
    const offenders = manifests.filter(outsideAdapter).flatMap((file) => {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const sections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
      return sections.flatMap((section) =>
        Object.keys((manifest[section] ?? {}) as Record<string, string>)
          .filter((name) => CLIENT_LIBRARIES.includes(name))
          .map((name) => `${path.relative(ROOT, file)}: ${section}.${name}`),
      );
    });
    expect(offenders).toEqual([]);
    // And the adapter does depend on it: the check above looks for the right names.
    const own = JSON.parse(readFileSync(path.join(ADAPTER, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(own.dependencies)).toContain('kafkajs');
  });
});
