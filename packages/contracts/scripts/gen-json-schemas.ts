// Writes schemas/<topic>.json, the JSON Schema of every topic, for downstream teams.
// Run: pnpm --filter @onegrid/contracts gen:schemas (a unit test fails while the files are stale).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { buildJsonSchemas } from '../src/json-schemas.ts';

const dir = new URL('../schemas/', import.meta.url);
const files = buildJsonSchemas();
mkdirSync(dir, { recursive: true });
for (const stale of readdirSync(dir).filter((f) => f.endsWith('.json') && !files.some((g) => g.file === f))) {
  rmSync(new URL(stale, dir));
  console.log(`removed schemas/${stale}`);
}
for (const { file, text } of files) writeFileSync(new URL(file, dir), text);
console.log(`wrote ${files.length} JSON Schemas to schemas/`);
