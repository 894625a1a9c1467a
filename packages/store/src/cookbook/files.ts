import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CookbookEntry, parseCookbookEntry } from './parse.ts';

export const defaultCookbookDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../cookbook',
);

/** Every `NN_name.sql` of the cookbook, in file order. */
export async function readCookbook(dir: string = defaultCookbookDir): Promise<CookbookEntry[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (file) =>
      parseCookbookEntry(file.slice(0, -4), await readFile(path.join(dir, file), 'utf8')),
    ),
  );
}
