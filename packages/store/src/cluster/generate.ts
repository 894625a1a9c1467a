import { parseStatement, type Statement } from '../ddl/statements.ts';
import { StoreError } from '../errors.ts';
import type { Migration } from '../migrations/files.ts';
import { PLACEMENT, type Placement } from './placement.ts';

export interface ClusterOptions {
  /** The cluster name of `remote_servers` in the servers' configuration. */
  readonly cluster: string;
  /** Database the tables live in (the Distributed tables name it). */
  readonly database: string;
  /** Only migrations from this version on (for a cluster that has the earlier ones). */
  readonly fromVersion?: number;
  readonly placement?: Readonly<Record<string, Placement>>;
}

export interface ClusterMigration {
  readonly label: string;
  readonly statements: readonly string[];
}

export class ClusterDdlError extends StoreError {
  constructor(message: string) {
    super('CLUSTER_DDL_INVALID', message);
  }
}

const LOCAL = '_local';

/**
 * The cluster variant of the migrations, from the same files: each MergeTree table becomes a
 * Replicated* table `<name>_local` on every node (ON CLUSTER, `{shard}`/`{replica}` macros) and a
 * Distributed table `<name>` over it, so queries and inserts keep the names of the data
 * dictionary; registries become one Replicated* table replicated to every node; materialized
 * views read and write the local tables; views and dictionaries are created on every node.
 */
export function clusterDdl(migrations: readonly Migration[], options: ClusterOptions): ClusterMigration[] {
  const placement = options.placement ?? PLACEMENT;
  const out: ClusterMigration[] = [
    {
      label: 'database',
      statements: [`CREATE DATABASE IF NOT EXISTS ${options.database} ON CLUSTER ${options.cluster}`],
    },
  ];
  for (const m of migrations) {
    if (m.version < (options.fromVersion ?? 0)) continue;
    const statements = m.statements.flatMap((sql) =>
      clusterStatement(parseStatement(sql), options, placement),
    );
    out.push({ label: `${String(m.version).padStart(4, '0')}_${m.name}`, statements });
  }
  return out;
}

function clusterStatement(
  s: Statement,
  options: ClusterOptions,
  placement: Readonly<Record<string, Placement>>,
): string[] {
  const on = `ON CLUSTER ${options.cluster}`;
  const sharded = (name: string) => {
    const p = placement[name];
    return p !== undefined && 'sharded' in p ? p.sharded : undefined;
  };
  // A materialized view reads the local tables of sharded ones: each node's inserts are its own.
  const fromLocal = (sql: string) =>
    sql.replace(/\bFROM\s+(\w+)/g, (whole, table: string) =>
      sharded(table) === undefined ? whole : `FROM ${table}${LOCAL}`,
    );
  switch (s.kind) {
    case 'create_table': {
      const p = placement[s.name];
      if (p === undefined)
        throw new ClusterDdlError(`table ${s.name} has no cluster placement (cluster/placement.ts)`);
      if (!s.engine.endsWith('MergeTree'))
        throw new ClusterDdlError(`table ${s.name}: engine ${s.engine} is not a MergeTree`);
      const key = 'sharded' in p ? p.sharded : undefined;
      const local = key === undefined ? s.name : `${s.name}${LOCAL}`;
      const path =
        key === undefined
          ? '/clickhouse/tables/all/{database}/{table}'
          : '/clickhouse/tables/{shard}/{database}/{table}';
      const engineArgs = [`'${path}'`, "'{replica}'", ...(s.engineArgs === '' ? [] : [s.engineArgs])].join(
        ', ',
      );
      const replicated = s.sql
        .replace(/^CREATE TABLE IF NOT EXISTS \w+/, `CREATE TABLE IF NOT EXISTS ${local} ${on}`)
        .replace(/\bENGINE\s*=\s*(\w+)(\([^)]*\))?/, `ENGINE = Replicated${s.engine}(${engineArgs})`)
        .replace(/\bnon_replicated_deduplication_window\b/, 'replicated_deduplication_window');
      if (key === undefined) return [replicated];
      const comment = tableComment(s.sql);
      return [
        replicated,
        `CREATE TABLE IF NOT EXISTS ${s.name} ${on} AS ${local}\nENGINE = Distributed(${options.cluster}, ${options.database}, ${local}, ${key})${comment === undefined ? '' : `\nCOMMENT ${comment}`}`,
      ];
    }
    case 'create_materialized_view': {
      const target = sharded(s.to) === undefined ? s.to : `${s.to}${LOCAL}`;
      return [
        fromLocal(
          s.sql.replace(/^(CREATE MATERIALIZED VIEW IF NOT EXISTS \w+) TO \w+/, `$1 ${on} TO ${target}`),
        ),
      ];
    }
    case 'create_view':
      return [s.sql.replace(/^CREATE OR REPLACE VIEW \w+/, (head) => `${head} ${on}`)];
    case 'create_dictionary':
      return [s.sql.replace(/^CREATE DICTIONARY IF NOT EXISTS \w+/, (head) => `${head} ${on}`)];
    case 'alter_table': {
      const rest = s.sql.slice(`ALTER TABLE ${s.name}`.length);
      if (/^\s+MODIFY QUERY\b/.test(rest)) return [`ALTER TABLE ${s.name} ${on}${fromLocal(rest)}`];
      if (sharded(s.name) === undefined) return [`ALTER TABLE ${s.name} ${on}${rest}`];
      const local = `ALTER TABLE ${s.name}${LOCAL} ${on}${rest}`;
      // The Distributed table analysts query needs the same columns and comments; other
      // changes (TTL, settings) are the local storage's.
      return /^\s+(MODIFY COMMENT|COMMENT COLUMN|ADD COLUMN|MODIFY COLUMN|DROP COLUMN|RENAME COLUMN)\b/.test(
        rest,
      )
        ? [local, `ALTER TABLE ${s.name} ${on}${rest}`]
        : [local];
    }
    case 'access':
      // On every node; a grant names the database, as `*` would be each node's current one.
      return [
        s.sql.startsWith('GRANT ')
          ? `GRANT ${on} ${s.sql.slice('GRANT '.length).replace(/ ON \* TO /, ` ON ${options.database}.* TO `)}`
          : s.sql.replace(
              /^(CREATE (ROLE|SETTINGS PROFILE|QUOTA) IF NOT EXISTS|ALTER SETTINGS PROFILE) \w+/,
              (head) => `${head} ${on}`,
            ),
      ];
    case 'insert':
    case 'other':
      return [s.sql];
  }
}

/** The table's own COMMENT literal (the last clause of the statement), if any. */
function tableComment(sql: string): string | undefined {
  return /\bCOMMENT\s+('(?:[^'\\]|''|\\.)*')\s*$/.exec(sql)?.[1];
}

/** The generated migrations as one script for clickhouse-client --multiquery. */
export function clusterScript(migrations: readonly ClusterMigration[]): string {
  return migrations
    .map((m) => [`-- ${m.label}`, ...m.statements.map((s) => `${s};`)].join('\n\n'))
    .join('\n\n');
}
