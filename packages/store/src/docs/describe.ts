import type { ClickHouseClient } from '@clickhouse/client';

export interface TableInfo {
  readonly name: string;
  readonly engine: string;
  readonly comment: string;
  readonly partitionKey: string;
  readonly sortingKey: string;
}

export interface ColumnInfo {
  readonly table: string;
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

export interface DatabaseDescription {
  readonly tables: readonly TableInfo[];
  readonly columns: readonly ColumnInfo[];
}

/** What ClickHouse itself says about the current database: tables, views, dictionaries, columns. */
export async function describeDatabase(client: ClickHouseClient): Promise<DatabaseDescription> {
  const tables = await (
    await client.query({
      query: `SELECT name, engine, comment, partition_key AS partitionKey, sorting_key AS sortingKey
              FROM system.tables WHERE database = currentDatabase() AND name != 'schema_migrations' ORDER BY name`,
      format: 'JSONEachRow',
    })
  ).json<TableInfo>();
  const columns = await (
    await client.query({
      query: `SELECT table, name, type, comment FROM system.columns
              WHERE database = currentDatabase() AND table != 'schema_migrations' ORDER BY table, position`,
      format: 'JSONEachRow',
    })
  ).json<ColumnInfo>();
  return { tables, columns };
}
