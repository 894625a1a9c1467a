import type { ClickHouseClient } from '@clickhouse/client';
import { parseStatement } from '../ddl/statements.ts';
import { StoreError } from '../errors.ts';
import { type Migration, readMigrations } from './files.ts';

const LEDGER = 'schema_migrations';

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
  /** Access-control migrations recorded but not run: the engine is embedded chDB, which has none. */
  readonly skipped: readonly string[];
}

/**
 * Applies, in version order, each migration not yet recorded in `schema_migrations`, then
 * records it. A migration's statements must be idempotent (IF NOT EXISTS): a crash between
 * a statement and the record re-runs the whole file on the next start.
 * A recorded migration whose file has changed since is refused: ship a new version instead.
 */
export async function migrate(
  client: ClickHouseClient,
  migrations?: readonly Migration[],
): Promise<MigrationReport> {
  const wanted = migrations ?? (await readMigrations());
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${LEDGER} (
      version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const done = await appliedChecksums(client);
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const migration of wanted) {
    const recorded = done.get(migration.version);
    if (recorded !== undefined) {
      if (recorded !== migration.checksum) {
        throw new StoreError(
          'MIGRATION_CHANGED',
          `migration ${label(migration)} was changed after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    if ((await apply(client, migration)) === 'skipped') skipped.push(label(migration));
    else applied.push(label(migration));
  }
  return { applied, alreadyApplied: wanted.length - applied.length - skipped.length, skipped };
}

async function appliedChecksums(client: ClickHouseClient): Promise<Map<number, string>> {
  const result = await client.query({
    query: `SELECT version, argMax(checksum, applied_at) AS checksum FROM ${LEDGER} GROUP BY version`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ version: number; checksum: string }>();
  return new Map(rows.map((row) => [Number(row.version), row.checksum]));
}

async function apply(client: ClickHouseClient, migration: Migration): Promise<'applied' | 'skipped'> {
  const access = migration.statements.every((s) => parseStatement(s).kind === 'access');
  for (const [index, statement] of migration.statements.entries()) {
    try {
      await client.command({ query: statement });
    } catch (cause) {
      if (access && index === 0 && NO_ACCESS_CONTROL.has(Number((cause as { code?: unknown }).code))) {
        if (await isLocalEngine(client)) {
          await record(client, migration);
          return 'skipped';
        }
      }
      throw new StoreError(
        'MIGRATION_FAILED',
        `migration ${label(migration)}, statement ${index + 1}: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  await record(client, migration);
  return 'applied';
}

/** ACCESS_DENIED, ACCESS_STORAGE_FOR_INSERTION_NOT_FOUND: what chDB answers to access DDL. */
const NO_ACCESS_CONTROL = new Set([497, 514]);

/**
 * Whether the engine is clickhouse-local (embedded chDB), whose access DDL cannot run: it is the
 * engine that selects a bare expression (`implicit_select`, on only there). A server that refuses
 * the access DDL is not skipped: its migration fails, loudly.
 */
async function isLocalEngine(client: ClickHouseClient): Promise<boolean> {
  const result = await client.query({
    query: "SELECT getSetting('implicit_select') AS local",
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ local: boolean | number | string }>();
  return row?.local === true || row?.local === 1 || row?.local === 'true' || row?.local === '1';
}

async function record(client: ClickHouseClient, migration: Migration): Promise<void> {
  await client.insert({
    table: LEDGER,
    values: [
      {
        version: migration.version,
        name: migration.name,
        checksum: migration.checksum,
        applied_at: Date.now(),
      },
    ],
    format: 'JSONEachRow',
  });
}

function label(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}_${migration.name}`;
}
