import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../errors.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly statements: readonly string[];
}

export const defaultMigrationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../migrations',
);

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in version order; anything else in the folder is an error, not ignored. */
export async function readMigrations(dir: string = defaultMigrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.') && name !== 'README.md').sort();
  const migrations: Migration[] = [];
  for (const fileName of names) {
    const match = FILE_NAME.exec(fileName);
    if (match === null) {
      throw new StoreError(
        'MIGRATION_FILE_INVALID',
        `${path.join(dir, fileName)}: expected a name like 0001_what_it_does.sql`,
      );
    }
    const text = await readFile(path.join(dir, fileName), 'utf8');
    const version = Number(match[1]);
    const previous = migrations.at(-1);
    if (previous !== undefined && previous.version === version) {
      throw new StoreError(
        'MIGRATION_FILE_INVALID',
        `two migrations share version ${version}: ${previous.name}, ${match[2]}`,
      );
    }
    const statements = splitStatements(text);
    if (statements.length === 0) {
      throw new StoreError('MIGRATION_FILE_INVALID', `${fileName} holds no statement`);
    }
    migrations.push({
      version,
      name: match[2] ?? fileName,
      checksum: createHash('sha256').update(text).digest('hex'),
      statements,
    });
  }
  return migrations;
}

/**
 * Splits a file into statements at lines ending in `;`. Line comments are dropped so that a
 * `;` inside a comment cannot end a statement; string literals spanning a line end are not supported.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const raw of sql.split('\n')) {
    const line = raw.replace(/--.*$/, '').trimEnd();
    if (line.trim() === '') continue;
    if (line.endsWith(';')) {
      current.push(line.slice(0, -1));
      statements.push(current.join('\n').trim());
      current = [];
    } else {
      current.push(line);
    }
  }
  const rest = current.join('\n').trim();
  if (rest !== '') statements.push(rest);
  return statements.filter((statement) => statement !== '');
}
