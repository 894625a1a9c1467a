import type { ClickHouseClient } from '@clickhouse/client';
import { StoreError } from '../errors.ts';
import { type Migration, readMigrations } from './files.ts';

const LEDGER = 'schema_migrations';

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
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
    await apply(client, migration);
    applied.push(label(migration));
  }
  return { applied, alreadyApplied: wanted.length - applied.length };
}

async function appliedChecksums(client: ClickHouseClient): Promise<Map<number, string>> {
  const result = await client.query({
    query: `SELECT version, argMax(checksum, applied_at) AS checksum FROM ${LEDGER} GROUP BY version`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ version: number; checksum: string }>();
  return new Map(rows.map((row) => [Number(row.version), row.checksum]));
}

async function apply(client: ClickHouseClient, migration: Migration): Promise<void> {
  for (const [index, statement] of migration.statements.entries()) {
    try {
      await client.command({ query: statement });
    } catch (cause) {
      throw new StoreError(
        'MIGRATION_FAILED',
        `migration ${label(migration)}, statement ${index + 1}: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
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
