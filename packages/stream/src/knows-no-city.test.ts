import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The runtime knows no city: decoding and dead-letter routing come in as parameters (Codec),
// so it neither depends on nor imports onegrid's contracts, nor the processors built on it.
const PACKAGE = path.resolve(import.meta.dirname, '..');
const CITY = ['@onegrid/contracts', '@onegrid/processors', '@onegrid/analytics', '@onegrid/households'];

function sources(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (entry.name.endsWith('.ts')) found.push(full);
  }
  return found;
}

const specifiers = (text: string) =>
  [...text.matchAll(/(?:from\s*|import\s*\(?\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');

describe('stream > knows no city', () => {
  it('declares no dependency on a package that knows the city', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const declared = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((s) =>
      Object.keys(manifest[s] ?? {}),
    );
    expect(declared.filter((name) => CITY.includes(name))).toEqual([]);
    expect(declared).toContain('@onegrid/kafka'); // the check reads the right manifest
  });

  it('imports none, in its sources, tests or benches', () => {
    const files = sources(PACKAGE);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => CITY.some((city) => s === city || s.startsWith(`${city}/`)))
        .map((s) => `${path.relative(PACKAGE, file)}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
