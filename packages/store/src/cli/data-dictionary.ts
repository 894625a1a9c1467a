// Regenerates packages/store/docs/data-dictionary.md from the migrations' COMMENT clauses:
// applies every migration to a scratch embedded store, then asks ClickHouse what it holds.
//   node packages/store/src/cli/data-dictionary.ts [--check]
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDatabase } from '../docs/describe.ts';
import { normalizeMarkdown, renderDataDictionary } from '../docs/render.ts';
import { loadStoreConfig, migrate, openStore } from '../index.ts';

export const DATA_DICTIONARY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/data-dictionary.md',
);

const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-dictionary-'));
const store = await openStore(loadStoreConfig({ ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid' }));
try {
  await migrate(store.client);
  const text = renderDataDictionary(await describeDatabase(store.client));
  if (process.argv.includes('--check')) {
    const current = await readFile(DATA_DICTIONARY, 'utf8').catch(() => '');
    if (normalizeMarkdown(current) !== normalizeMarkdown(text)) {
      console.error(`${DATA_DICTIONARY} is stale: run node packages/store/src/cli/data-dictionary.ts`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(DATA_DICTIONARY, text);
    console.log(`wrote ${DATA_DICTIONARY}`);
  }
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
