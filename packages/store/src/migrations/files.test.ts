import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrations, splitStatements } from './files.ts';

describe('migrations > splitStatements', () => {
  it('splits at lines ending in a semicolon', () => {
    expect(
      splitStatements(
        'CREATE TABLE a (x UInt8)\nENGINE = Memory;\nCREATE TABLE b (y UInt8) ENGINE = Memory;',
      ),
    ).toEqual(['CREATE TABLE a (x UInt8)\nENGINE = Memory', 'CREATE TABLE b (y UInt8) ENGINE = Memory']);
  });

  it('ignores a semicolon inside a line comment', () => {
    expect(splitStatements('-- first; not a statement end\nSELECT 1;')).toEqual(['SELECT 1']);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('SELECT 1;\nSELECT 2\n')).toEqual(['SELECT 1', 'SELECT 2']);
  });
});

describe('migrations > readMigrations', () => {
  it('reads the shipped migrations in version order', async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuses a file whose name has no version', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-migrations-'));
    await writeFile(path.join(dir, 'create_things.sql'), 'SELECT 1;');
    await expect(readMigrations(dir)).rejects.toThrow(/expected a name like 0001_what_it_does\.sql/);
  });

  it('refuses two files with the same version', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-migrations-'));
    await writeFile(path.join(dir, '0001_a.sql'), 'SELECT 1;');
    await writeFile(path.join(dir, '0001_b.sql'), 'SELECT 2;');
    await expect(readMigrations(dir)).rejects.toThrow(/share version 1/);
  });
});
